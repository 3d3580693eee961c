/**
 * chrono-node as the base for calendar dates and clock times ("Jan. 5", "Aug. 7, 1998",
 * "10:35 a.m.", "5 p.m. EST Nov. 9", "12/03/1998"). The parser is built once at module load from
 * `casual.clone()`: the relative-date parsers are dropped (our rules resolve those, with tense),
 * and a refiner removes chrono's false positives (the modal "May", the verb "march", "at 5").
 * Dates without a year and weekdays are re-resolved by tense in `toCandidate`.
 */
// English only: the package root loads every locale (≈ 12 MB more per thread).
import * as chrono from 'chrono-node/en';
import type { ParsingContext, ParsingResult, Refiner } from 'chrono-node';
import type { Token } from '../../core/record.js';
import { formatDay, formatMonth, formatYear, type Day } from './calendar.js';
import { directionFromTense, resolveMonthYear, resolveWeekday, type Candidate, type Resolution } from './resolve.js';

/** Parsers of `casual` we keep; the others are relative expressions our rules handle. */
const KEEP = new Set([
  'SlashDateFormatParser',
  'ENMonthNameLittleEndianParser',
  'ENMonthNameMiddleEndianParser',
  'ENMonthNameParser',
  'ENYearMonthDayParser',
  'ENTimeExpressionParser',
  'ENWeekdayParser',
  'ENSlashMonthFormatParser',
  'ISOFormatParser',
]);

const MONTH_WORD = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/** Drops results that are not dates in news text. */
class DatelineFilterRefiner implements Refiner {
  refine(context: ParsingContext, results: ParsingResult[]): ParsingResult[] {
    return results.filter((result) => {
      const text = result.text.trim().replace(/[,;]+$/, '');
      // Month names must be capitalised ("we march", "may") and "May" followed by a verb is the modal.
      const first = /^[\p{L}]+/u.exec(text)?.[0] ?? '';
      if (MONTH_WORD.test(first) && !/^\p{Lu}/u.test(first)) return false;
      // A bare hour ("at 5", "5") without minutes or am/pm is a number, not a time.
      if (result.start.isCertain('hour') && !result.start.isCertain('minute') && !result.start.isCertain('meridiem') && !result.start.isCertain('day')) return false;
      if (/^(?:at|on|in|by)?\s*\d{1,2}(?:[.:]\d{1,2})?$/i.test(text)) return false;
      // "1/2", "3/4": fractions. Slash dates need a year.
      if (/^\d{1,2}\/\d{1,2}$/.test(text)) return false;
      // Weekday abbreviations used as words ("Sun", "Sat", "Wed").
      if (/^(?:sun|sat|wed|mon|fri|tue|thu)\.?$/i.test(text)) return false;
      // "$2.50 a share", "625 a day": chrono reads the "a" as a.m.
      if (/\d\s*a$/i.test(text) || /^(?:from|to|at|by)\s+\d+(?:[.:]\d+)?$/i.test(text)) return false;
      if (/weekend/i.test(text)) return false;
      // Percentages and scores ("3-2", "10.5")
      if (/^\d+([.,-]\d+)?$/.test(text)) return false;
      void context;
      return true;
    });
  }
}

function buildParser(): chrono.Chrono {
  const parser = chrono.casual.clone();
  parser.parsers = parser.parsers.filter((p) => KEEP.has(p.constructor.name));
  parser.refiners.push(new DatelineFilterRefiner());
  return parser;
}

const parser = buildParser();

/** A fixed reference when the article has no publication date: only certain components are used then. */
const NO_REFERENCE = new Date(Date.UTC(2000, 5, 15, 12));

export interface ChronoInput {
  text: string;
  /** Sentence spans; chrono only runs over those that hold something it could parse. */
  sentences?: ReadonlyArray<{ start: number; end: number }>;
  ref: Day | null;
  tokenAt(offset: number): Token | undefined;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function clockSuffix(result: ParsingResult): string {
  const start = result.start;
  if (!start.isCertain('hour')) return '';
  const hour = start.get('hour') ?? 0;
  const minute = start.get('minute') ?? 0;
  // Universal time written out ("08:30 UTC", "14:48 GMT"): ISO 8601 "Z".
  const utc = /\b(?:UTC|GMT)\b(?!\s*[+-]\s*\d)/.test(result.text);
  return `T${pad(hour)}:${pad(minute)}${utc ? 'Z' : ''}`;
}

function toCandidate(result: ParsingResult, input: ChronoInput): Candidate | null {
  const start = result.start;
  const span = { start: result.index, end: result.index + result.text.length };
  // TIMEX3 extents leave out the preposition: "on Tuesday" → "Tuesday".
  const lead = /^(?:on|at|in|by|from|since|until|till|before|after)\s+/i.exec(result.text);
  if (lead) span.start += lead[0].length;
  // ... and the punctuation chrono sometimes takes after a month ("in January, compared to").
  const trail = /[\s,;]+$/.exec(result.text);
  if (trail) span.end -= trail[0].length;
  // "May" the modal verb and "March" the verb.
  if (/^(?:May|March)$/.test(result.text)) {
    const token = input.tokenAt(span.start);
    if (token && (token.pos === 'AUX' || token.pos === 'VERB')) return null;
  }
  const certain = (c: 'year' | 'month' | 'day' | 'weekday') => start.isCertain(c);
  const clock = clockSuffix(result);
  const type = clock ? 'TIME' : 'DATE';
  const precision = clock ? (start.isCertain('minute') ? 'minute' : 'hour') : certain('day') ? 'day' : certain('month') ? 'month' : 'year';
  const month = start.get('month') ?? 1;
  const day = start.get('day') ?? 1;
  let resolve: (context: import('./resolve.js').ResolveContext) => Resolution;
  if (certain('year') && certain('month')) {
    const year = start.get('year') ?? 2000;
    const value = (certain('day') ? formatDay({ year, month, day }) : formatMonth(year, month)) + (certain('day') ? clock : '');
    resolve = () => ({ value, precision, anchor: 'none', resolved: true });
  } else if (certain('month')) {
    resolve = (context) => {
      if (!context.ref) {
        return { value: `XXXX-${pad(month)}${certain('day') ? `-${pad(day)}${clock}` : ''}`, precision, anchor: 'none', resolved: false };
      }
      const year = resolveMonthYear(context.ref, month, certain('day') ? day : null, directionFromTense(context.tense()));
      const value = certain('day') ? formatDay({ year, month, day }) + clock : formatMonth(year, month);
      return { value, precision, anchor: 'published', resolved: true };
    };
  } else if (certain('weekday')) {
    const weekday = ((start.get('weekday') ?? 0) + 6) % 7 + 1;
    resolve = (context) => {
      if (!context.ref) return { value: `XXXX-WXX-${weekday}${clock}`, precision, anchor: 'none', resolved: false };
      const dayValue = resolveWeekday(context.ref, weekday, directionFromTense(context.tense()));
      return { value: formatDay(dayValue) + clock, precision, anchor: 'published', resolved: true };
    };
  } else if (clock) {
    // A clock time alone: on the publication day.
    resolve = (context) => {
      if (!context.ref) return { value: `XXXX-XX-XX${clock}`, precision, anchor: 'none', resolved: false };
      return { value: formatDay(context.ref) + clock, precision, anchor: 'published', resolved: true };
    };
  } else if (certain('year')) {
    const value = formatYear(start.get('year') ?? 2000);
    resolve = () => ({ value, precision: 'year', anchor: 'none', resolved: true });
  } else {
    return null;
  }
  return { start: span.start, end: span.end, type, rule: 'times:chrono', priority: 1, resolve };
}

/** What chrono could parse here: a month name, a clock time, a numeric date. */
const CHRONO_TRIGGER =
  /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)|\d\s*(?:[ap]\.?m\b|[AP]M\b|:\d)|\d\/\d|\d{4}-\d\d-\d\d|\b(?:noon|midnight)\b/g;

/** The stretches of text chrono should read: the sentences with a trigger, or the whole text. */
function windows(input: ChronoInput): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const sentences = input.sentences;
  CHRONO_TRIGGER.lastIndex = 0;
  let hit: RegExpExecArray | null;
  let s = 0;
  while ((hit = CHRONO_TRIGGER.exec(input.text)) !== null) {
    const at = hit.index;
    if (!sentences || sentences.length === 0) return [{ start: 0, end: input.text.length }];
    while (s < sentences.length && sentences[s]!.end <= at) s++;
    const sentence = sentences[s];
    if (!sentence || sentence.start > at) continue;
    const last = out[out.length - 1];
    if (last && last.end >= sentence.start) last.end = Math.max(last.end, sentence.end);
    else out.push({ start: sentence.start, end: sentence.end });
    CHRONO_TRIGGER.lastIndex = Math.max(CHRONO_TRIGGER.lastIndex, sentence.end);
  }
  return out;
}

/** Runs chrono over the sentences that may hold a calendar date or a clock time. */
export function chronoCandidates(input: ChronoInput): Candidate[] {
  const reference = input.ref ? new Date(Date.UTC(input.ref.year, input.ref.month - 1, input.ref.day, 12)) : NO_REFERENCE;
  const out: Candidate[] = [];
  for (const window of windows(input)) {
    const results = parser.parse(input.text.slice(window.start, window.end), { instant: reference, timezone: 0 }) as ParsingResult[];
    for (const result of results) {
      result.index += window.start;
      const c = toCandidate(result, input);
      if (c) out.push(c);
    }
  }
  return out;
}
