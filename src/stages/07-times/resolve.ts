/**
 * Resolution: turns what a rule recognised into a TIMEX3 value, against the publication date when
 * the expression is relative. Without a publication date relative expressions keep X placeholders
 * (`XXXX-WXX-2`, `XXXX-XX`) and `resolved: false` — never resolved against today.
 */
import type { TimeExpression, TimePrecision } from '../../core/record.js';
import { addDays, dayDiff, formatDay, isoWeekday, quarterOf, type Day } from './calendar.js';
import type { Tense } from './tense.js';

export type TimeType = TimeExpression['type'];

export interface Resolution {
  value: string;
  precision: TimePrecision;
  anchor: TimeExpression['anchor'];
  resolved: boolean;
  interval?: { start: string; end: string };
}

export interface ResolveContext {
  /** The publication day, or null. */
  readonly ref: Day | null;
  /** The publication date as given (may carry a time). */
  readonly published: string | null;
  /** Tense of the clause around the expression (computed lazily). */
  tense(): Tense;
  /** Text of the sentence holding the expression. */
  sentenceText(): string;
  /** The whole (normalised) text. */
  readonly text: string;
  /**
   * The nearest calendar expression (DATE or TIME, already resolved) before this one, in the same
   * sentence or the two before: what "the same period last year" is the same as.
   */
  previous(accept?: (time: TimeExpression) => boolean): TimeExpression | undefined;
}

/** A recognised expression, not yet resolved. */
export interface Candidate {
  start: number;
  end: number;
  type: TimeType;
  rule: string;
  /** Higher wins among candidates with the same span length. */
  priority: number;
  resolve(context: ResolveContext): Resolution;
}

/** A value that needs nothing from outside the text. */
export function fixed(value: string, precision: TimePrecision): (context: ResolveContext) => Resolution {
  return () => ({ value, precision, anchor: 'none', resolved: true });
}

/** A value computed from the publication date; `unresolved` is used when there is none. */
export function relative(
  precision: TimePrecision,
  unresolved: string,
  compute: (ref: Day, tense: () => Tense) => string,
): (context: ResolveContext) => Resolution {
  return (context) => {
    if (!context.ref) return { value: unresolved, precision, anchor: 'none', resolved: false };
    return { value: compute(context.ref, () => context.tense()), precision, anchor: 'published', resolved: true };
  };
}

/** Which way an unqualified expression points: explicit modifier first, then tense. */
export type Direction = 'past' | 'future' | 'nearest' | 'this';

export function directionFromTense(tense: Tense): Direction {
  if (tense === 'past') return 'past';
  if (tense === 'future') return 'future';
  return 'nearest';
}

/**
 * The day with ISO weekday `weekday` (1 = Monday): `past` → the most recent on or before `ref`,
 * `future` → the next on or after, `nearest` → the closer one (past preferred; news reports the
 * days just gone more than the days ahead), `this` → within the reference week.
 */
export function resolveWeekday(ref: Day, weekday: number, direction: Direction, strict = false): Day {
  const today = isoWeekday(ref);
  let back = (today - weekday + 7) % 7;
  let ahead = (weekday - today + 7) % 7;
  if (strict) {
    if (back === 0) back = 7;
    if (ahead === 0) ahead = 7;
  }
  switch (direction) {
    case 'past':
      return addDays(ref, -back);
    case 'future':
      return addDays(ref, ahead);
    case 'this':
      return addDays(ref, weekday - today);
    case 'nearest':
      return back <= 4 || back <= ahead ? addDays(ref, -back) : addDays(ref, ahead);
  }
}

/** The year for a month (and optional day) without a year. */
export function resolveMonthYear(ref: Day, month: number, day: number | null, direction: Direction, strict = false): number {
  const candidate = (year: number): Day => ({ year, month, day: day ?? 15 });
  const refKey = day === null ? { ...ref, day: 15 } : ref;
  const options = [ref.year - 1, ref.year, ref.year + 1].map((year) => ({ year, diff: dayDiff(refKey, candidate(year)) }));
  const sameMonth = day === null && month === ref.month;
  switch (direction) {
    case 'this':
      return ref.year;
    case 'past': {
      if (sameMonth && !strict) return ref.year;
      const past = options.filter((o) => (strict ? o.diff < 0 : o.diff <= 0) && !(strict && sameMonth && o.year === ref.year));
      return past[past.length - 1]?.year ?? ref.year;
    }
    case 'future': {
      if (sameMonth && !strict) return ref.year;
      const future = options.filter((o) => (strict ? o.diff > 0 : o.diff >= 0) && !(strict && sameMonth && o.year === ref.year));
      return future[0]?.year ?? ref.year;
    }
    case 'nearest': {
      if (sameMonth) return ref.year;
      // News looks back further than ahead: a date up to ~8 months back beats one ~4 months ahead.
      let best = options[1]!;
      let bestScore = Infinity;
      for (const option of options) {
        const score = option.diff > 0 ? option.diff * 1.5 : -option.diff;
        if (score < bestScore) {
          bestScore = score;
          best = option;
        }
      }
      return best.year;
    }
  }
}

/** The most recent completed quarter before `ref`'s quarter (year, quarter). */
export function previousQuarter(ref: Day, back = 1): { year: number; quarter: number } {
  const index = ref.year * 4 + quarterOf(ref) - 1 - back;
  return { year: Math.floor(index / 4), quarter: (index % 4) + 1 };
}

export function dayValue(day: Day): string {
  return formatDay(day);
}
