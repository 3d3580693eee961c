/**
 * Our own recognisers for what chrono-node does not cover or covers differently from TIMEX3:
 * bare years in year-like contexts, decades, "since 2007" intervals, weekdays and months resolved
 * by tense, quarters, seasons, durations, sets, and the PRESENT_REF/PAST_REF/FUTURE_REF words.
 * Each rule is one regular expression (compiled once) and a handler that checks the context and
 * says how to resolve the value.
 */
import type { Token } from '../../core/record.js';
import {
  addDays,
  addMonths,
  formatDay,
  formatMonth,
  formatQuarter,
  formatWeek,
  formatYear,
  isoWeekday,
  quarterOf,
  type Day,
} from './calendar.js';
import {
  durationValue,
  MONTH_PATTERN,
  NUMBER_PATTERN,
  ORDINALS,
  PART_OF_DAY,
  parseMonth,
  parseNumber,
  parseUnit,
  parseWeekday,
  SEASON_MONTH,
  SEASONS,
  UNIT_PATTERN,
  WEEKDAY_PATTERN,
  type Unit,
} from './lexicon.js';
import {
  directionFromTense,
  fixed,
  previousQuarter,
  relative,
  resolveMonthYear,
  resolveWeekday,
  type Candidate,
  type Direction,
  type Resolution,
  type ResolveContext,
  type TimeType,
} from './resolve.js';
import type { TimePrecision } from '../../core/record.js';

/** What a rule handler may look at besides its match. */
export interface RuleText {
  readonly text: string;
  /** The token starting at or covering `offset`, if any. */
  tokenAt(offset: number): Token | undefined;
  /** The token right after `offset` (first token starting at or after it). */
  tokenAfter(offset: number): Token | undefined;
}

interface Rule {
  name: string;
  /** The whole expression, optional modifiers included. */
  pattern: RegExp;
  /**
   * Words (lower case) every match contains. Scanning the text with each rule's pattern is slow
   * (optional leading modifiers defeat the regex engine's quick checks), so the text is scanned
   * once for words, and a rule's pattern is only tried, sticky, at the word starts up to
   * `lookback` characters before one of its trigger words.
   */
  triggers: string[];
  lookback: number;
  /** Also triggered by numbers: 4-digit ones ('year') or any ending in 0 ('decade'). */
  digits?: 'year' | 'decade';
  handle(match: RegExpExecArray, at: RuleText): Candidate | Candidate[] | null;
}

/** Word boundaries (ASCII letters and digits, plus the Latin-1 letters news uses). */
const B = '(?<![A-Za-z0-9\\u00C0-\\u024F])';
const E = '(?![A-Za-z0-9\\u00C0-\\u024F])';
const MODS = '(?:more\\s+than|less\\s+than|fewer\\s+than|nearly|almost|about|around|some|over|under|roughly|at\\s+least|at\\s+most|only|just|barely|up\\s+to|approximately|close\\s+to|well\\s+over|the\\s+better\\s+part\\s+of)';

function re(source: string, flags = 'gi'): RegExp {
  return new RegExp(source, flags.replace('u', ''));
}

function candidate(
  match: RegExpExecArray,
  type: TimeType,
  rule: string,
  resolve: (context: ResolveContext) => Resolution,
  options: { priority?: number; start?: number; end?: number } = {},
): Candidate {
  return {
    start: options.start ?? match.index,
    end: options.end ?? match.index + match[0].length,
    type,
    rule,
    priority: options.priority ?? 2,
    resolve,
  };
}

/** Offset of group `n` in the match (needs the `d` flag). */
function groupStart(match: RegExpExecArray, n: number): number {
  return match.indices?.[n]?.[0] ?? match.index;
}

/** The last word of `text` (letters only), lower-cased; '' when it ends with something else. */
function lastWord(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '-')) end--;
  let start = end;
  while (start > 0) {
    const code = text.charCodeAt(start - 1);
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 0xc0 && code <= 0x24f)) start--;
    else break;
  }
  return text.slice(start, end).toLowerCase();
}

const isCapitalised = (word: string): boolean => /^\p{Lu}/u.test(word);

// ---------------------------------------------------------------------------------------------
// Values relative to the reference day

function shiftedValue(ref: Day, unit: Unit, amount: number): { value: string; precision: TimePrecision } {
  switch (unit) {
    case 'second':
    case 'minute':
    case 'hour':
    case 'day':
      return { value: formatDay(addDays(ref, unit === 'day' ? amount : 0)), precision: 'day' };
    case 'week':
      return { value: formatDay(addDays(ref, amount * 7)), precision: 'day' };
    case 'month': {
      const day = addMonths(ref, amount);
      return { value: formatMonth(day.year, day.month), precision: 'month' };
    }
    case 'quarter': {
      const day = addMonths(ref, amount * 3);
      return { value: formatQuarter(day.year, quarterOf(day)), precision: 'quarter' };
    }
    case 'year':
      return { value: formatYear(ref.year + amount), precision: 'year' };
    case 'decade':
      return { value: formatYear(ref.year + amount * 10), precision: 'year' };
    case 'century':
      return { value: formatYear(ref.year + amount * 100), precision: 'year' };
  }
}

const UNRESOLVED: Record<Unit, string> = {
  second: 'XXXX-XX-XX', minute: 'XXXX-XX-XX', hour: 'XXXX-XX-XX', day: 'XXXX-XX-XX', week: 'XXXX-WXX', month: 'XXXX-XX',
  quarter: 'XXXX-QX', year: 'XXXX', decade: 'XXX', century: 'XX',
};

const PRECISION: Record<Unit, TimePrecision> = {
  second: 'second', minute: 'minute', hour: 'hour', day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year',
  decade: 'decade', century: 'century',
};

/** "this/last/next year|month|week|quarter|weekend|decade|century" */
function calendarUnitValue(ref: Day, unit: string, offset: number): string {
  switch (unit) {
    case 'year':
      return formatYear(ref.year + offset);
    case 'month': {
      const day = addMonths(ref, offset);
      return formatMonth(day.year, day.month);
    }
    case 'week':
      return formatWeek(addDays(ref, offset * 7));
    case 'weekend':
      return `${formatWeek(addDays(ref, offset * 7))}-WE`;
    case 'quarter': {
      const day = addMonths(ref, offset * 3);
      return formatQuarter(day.year, quarterOf(day));
    }
    case 'decade':
      return formatYear(ref.year + offset * 10).slice(0, 3);
    case 'century':
      return formatYear(ref.year + offset * 100).slice(0, 2);
    default:
      return formatYear(ref.year + offset);
  }
}

function seasonValue(ref: Day, season: string, offset: number): string {
  const start = SEASON_MONTH[season] ?? 6;
  if (offset === 0) return `${formatYear(ref.year)}-${season}`;
  if (offset < 0) return `${formatYear(start + 2 < ref.month ? ref.year : ref.year - 1)}-${season}`;
  return `${formatYear(start > ref.month ? ref.year : ref.year + 1)}-${season}`;
}

function directionOf(word: string | undefined, tense: () => import('./tense.js').Tense): { direction: Direction; strict: boolean } {
  switch ((word ?? '').toLowerCase()) {
    case 'last':
    case 'past':
    case 'previous':
      return { direction: 'past', strict: true };
    case 'next':
    case 'coming':
    case 'following':
      return { direction: 'future', strict: true };
    case 'this':
      return { direction: 'this', strict: false };
    case 'since':
      return { direction: 'past', strict: false };
    case 'until':
    case 'till':
      return { direction: 'future', strict: false };
    default:
      return { direction: directionFromTense(tense()), strict: false };
  }
}

// ---------------------------------------------------------------------------------------------
// Year context

/** Words before a bare number that make it a year. */
const YEAR_PREPOSITIONS = new Set([
  'in', 'since', 'by', 'until', 'till', 'from', 'of', 'during', 'before', 'after', 'between', 'and', 'to', 'through', 'throughout',
  'early', 'late', 'mid', 'fiscal', 'circa', 'around', 'spring', 'summer', 'autumn', 'fall', 'winter', 'year', 'for', 'or', 'in early',
  'in late', 'end', 'beginning', 'start', 'middle', 'as', 'than', 'into', 'over', 'the', 'a', 'an', 'its', 'their', 'his', 'her', 'since early',
  'on', 'at', 'until late', 'election', 'elections', 'season', 'census', 'budget', 'olympics', 'cup', 'model', 'vintage', 'class',
]);
/** Plural nouns that still take an attributive year: "the 1967 borders". */
const YEAR_PLURAL_NOUNS = new Set([
  'borders', 'lines', 'elections', 'games', 'olympics', 'accords', 'talks', 'riots', 'protests', 'attacks', 'bombings', 'agreements',
  'negotiations', 'hostilities', 'events', 'polls', 'results', 'figures', 'levels', 'prices', 'sales', 'earnings', 'profits',
  'accounts', 'floods', 'uprisings', 'killings', 'massacres', 'games', 'championships', 'boundaries', 'frontiers',
]);
const NOT_YEAR_NEXT = /^(?:%|percent|per|people|persons|men|women|children|troops|soldiers|tons?|tonnes?|barrels|miles|kilometers|kilometres|meters|metres|feet|pounds|dollars|euros|yen|shares|points|votes|seats|units|cars|homes|houses|jobs|workers|employees|members|students|hours|days|weeks|months|years|times|calories|acres|hectares|square|cubic|million|billion|trillion|thousand|hundred)$/i;

// ---------------------------------------------------------------------------------------------
// The rules

const NUM = NUMBER_PATTERN;
/** A sentence about quarterly results. */
const QUARTER_CONTEXT = /\bquarter\b|\bquarterly\b|third-quarter|second-quarter|fourth-quarter|first-quarter/i;
const UNIT = UNIT_PATTERN;

/** Whether the expression sits in a report of quarterly results (the sentence, or a text that keeps mentioning quarters). */
function inQuarterContext(context: ResolveContext): boolean {
  if (QUARTER_CONTEXT.test(context.sentenceText())) return true;
  let count = 0;
  for (const _ of context.text.matchAll(/\bquarter/gi)) if (++count >= 3) return true;
  return false;
}
const YEAR4 = '(?:1[0-9]{3}|20[0-9]{2})';

/**
 * A calendar value moved back by `months` (12: "last year", 1: "last month"), at the granularity
 * `unit` asks for ("the same quarter" of a month is its quarter). Null when `value` is not a
 * calendar value (PRESENT_REF, a duration) or cannot be read at that granularity. Unknown years
 * ("XXXX-01") stay unknown.
 */
function sameEarlier(value: string, unit: string, months: number): string | null {
  const m = /^(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?|-(Q[1-4]|H[12]|SP|SU|FA|WI)|-W(\d{2}))?/.exec(value);
  if (!m) return null;
  const known = m[1] !== 'XXXX';
  const year = known ? Number(m[1]) : 0;
  const month = m[2] ? Number(m[2]) : null;
  const yearText = (shift: number): string => (known ? formatYear(year - shift) : 'XXXX');
  if (months === 12) {
    switch (unit) {
      case 'day':
        return m[3] ? `${yearText(1)}-${m[2]}-${m[3]}` : null;
      case 'month':
        return month ? `${yearText(1)}-${m[2]}` : null;
      case 'quarter':
        if (m[4]?.startsWith('Q')) return `${yearText(1)}-${m[4]}`;
        return month ? `${yearText(1)}-Q${Math.floor((month - 1) / 3) + 1}` : null;
      case 'week':
        return m[5] ? `${yearText(1)}-W${m[5]}` : null;
      default:
        // "period", "time", "season", "half": the same stretch as written, a year back
        if (m[3] && unit !== 'time') return `${yearText(1)}-${m[2]}`;
        return `${yearText(1)}${value.slice(m[1]!.length, m[0].length)}`;
    }
  }
  // A month back: only month and day values can say which.
  if (!month) return null;
  const earlier = addMonths({ year: known ? year : 2000, month, day: m[3] ? Number(m[3]) : 1 }, -months);
  const monthText = `${known ? formatYear(earlier.year) : 'XXXX'}-${String(earlier.month).padStart(2, '0')}`;
  return unit === 'day' && m[3] ? `${monthText}-${String(earlier.day).padStart(2, '0')}` : monthText;
}

/** Nouns after "today's" that speak of the present era: "today's youth", "in today's world". */
const GENERIC_PRESENT_NOUNS = new Set([
  'world', 'youth', 'society', 'generation', 'children', 'kids', 'teenagers', 'students', 'young', 'standards', 'economy', 'culture',
  'technology', 'computers', 'consumers', 'families', 'politics', 'media', 'music', 'climate', 'environment', 'era', 'age', 'times',
]);

/**
 * Whether "today" ending at `end` is the possessive of the present era: "today's youth", or a
 * name, "today's GM" (not "today's GM board meeting": a name followed by a noun is a modifier).
 */
function isGenericToday(at: RuleText, end: number): boolean {
  const rest = at.text.slice(end, end + 40);
  const possessive = /^['’]s\s+(\p{L}+)/u.exec(rest);
  if (!possessive) return false;
  const word = possessive[1]!;
  if (GENERIC_PRESENT_NOUNS.has(word.toLowerCase())) return true;
  if (!/^\p{Lu}/u.test(word) || parseMonth(word) || parseWeekday(word)) return false;
  const wordEnd = end + possessive[0].length;
  const next = at.tokenAfter(wordEnd);
  return !(next && (next.pos === 'NOUN' || next.pos === 'PROPN') && /^\s+\p{L}/u.test(at.text.slice(wordEnd, next.span.start + 1)));
}

/**
 * The calendar `unit` (year, month, week, quarter, day) `step` units after the one holding `value`
 * ("the following year" after 1995 → 1996). Null when `value` is unresolved, not a calendar value,
 * or coarser than `unit`.
 */
function nextCalendarUnit(value: string, unit: string, step: number): string | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4]))?/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : m[4] ? (Number(m[4]) - 1) * 3 + 1 : null;
  const day = m[3] ? Number(m[3]) : null;
  switch (unit) {
    case 'year':
      return formatYear(year + step);
    case 'quarter': {
      if (month === null) return null;
      const moved = addMonths({ year, month, day: 1 }, step * 3);
      return formatQuarter(moved.year, quarterOf(moved));
    }
    case 'month': {
      if (month === null || m[4]) return null;
      const moved = addMonths({ year, month, day: 1 }, step);
      return formatMonth(moved.year, moved.month);
    }
    case 'week':
      return month !== null && day !== null && !m[4] ? formatWeek(addDays({ year, month, day }, step * 7)) : null;
    default:
      return null;
  }
}

const rules: Rule[] = [
  // "the same period last year", "the same month a year ago", "the same quarter a year earlier":
  // the period the text just named (the nearest date before, in this sentence or the two before),
  // a year (or a month) back; without one, the reporting period before publication, a year back.
  {
    name: 'times:same-period',
    triggers: ['same'],
    lookback: 5,
    pattern: re(
      `${B}the\\s+same\\s+(period|month|quarter|week|day|time|season|half)\\s+(?:of\\s+|in\\s+)?(last\\s+year|the\\s+(?:previous|prior|preceding)\\s+year|the\\s+year\\s+before|(?:a|one)\\s+year\\s+(?:ago|earlier|before)|last\\s+month|the\\s+(?:previous|prior|preceding)\\s+month|(?:a|one)\\s+month\\s+(?:ago|earlier|before))${E}`,
      'giud',
    ),
    handle(match) {
      const unit = match[1]!.toLowerCase();
      const months = /month/i.test(match[2]!) ? 1 : 12;
      return candidate(match, 'DATE', 'times:same-period', (context) => {
        const previous = context.previous((t) => sameEarlier(t.value, unit, months) !== null);
        if (previous) {
          const value = sameEarlier(previous.value, unit, months)!;
          const resolved = !value.includes('X');
          return { value, precision: previous.precision, anchor: resolved ? previous.anchor : 'none', resolved };
        }
        if (!context.ref) return { value: months === 12 ? 'XXXX' : 'XXXX-XX', precision: months === 12 ? 'year' : 'month', anchor: 'none', resolved: false };
        const ref = context.ref;
        if (unit === 'quarter' || (unit === 'period' && months === 12 && inQuarterContext(context))) {
          const q = previousQuarter(ref);
          return { value: formatQuarter(q.year - 1, q.quarter), precision: 'quarter', anchor: 'published', resolved: true };
        }
        if (months === 1 || unit === 'month') {
          const day = addMonths(ref, -months);
          return { value: formatMonth(day.year, day.month), precision: 'month', anchor: 'published', resolved: true };
        }
        return { value: formatYear(ref.year - 1), precision: 'year', anchor: 'published', resolved: true };
      }, { priority: 4 });
    },
  },
  // "two years ago", "a year earlier", "three days later", "more than four decades ago"
  {
    name: 'times:ago',
    triggers: ['ago', 'earlier', 'later', 'now', 'hence', 'back', 'before', 'after'],
    lookback: 80,
    pattern: re(`${B}(?:${MODS}\\s+)?(${NUM})[\\s-]+(${UNIT})\\s+(ago|earlier|later|from\\s+now|hence|back|before(?=\\s*[.,;:)"”]|\\s*$)|after(?=\\s*[.,;:)"”]|\\s*$))${E}`, 'giud'),
    handle(match) {
      const n = parseNumber(match[1]!);
      const unit = parseUnit(match[2]!);
      if (match[1]!.toLowerCase() === 'a' && unit === 'quarter') return null;
      const word = match[3]!.toLowerCase();
      const sign = /^(ago|earlier|back|before)$/.test(word) ? -1 : 1;
      if (n === null) {
        return candidate(match, 'DATE', 'times:ago', relative('unknown', sign < 0 ? 'PAST_REF' : 'FUTURE_REF', () => (sign < 0 ? 'PAST_REF' : 'FUTURE_REF')));
      }
      const shown = shiftedValue({ year: 2000, month: 1, day: 1 }, unit, 0).precision;
      return candidate(match, 'DATE', 'times:ago', (context) => {
        // "a year later", "two days earlier": counted from the date the text just named ("in July 2022 ... a year later").
        if (/^(later|earlier|before|after)$/.test(word)) {
          const previous = context.previous((t) => /^\d{4}(-\d{2}){0,2}$/.test(t.value));
          if (previous) {
            const [year, month, day] = previous.value.split('-').map(Number);
            const value = shiftedValue({ year: year!, month: month ?? 1, day: day ?? 1 }, unit, sign * n).value;
            return { value, precision: shown, anchor: 'text', resolved: true };
          }
        }
        // In quarterly results, "a year ago" is the same quarter a year earlier.
        if (context.ref && unit === 'year' && n === 1 && sign < 0 && inQuarterContext(context)) {
          const q = previousQuarter(context.ref);
          return { value: formatQuarter(q.year - 1, q.quarter), precision: 'quarter', anchor: 'published', resolved: true };
        }
        return relative(shown, UNRESOLVED[unit] ?? 'XXXX', (ref) => shiftedValue(ref, unit, sign * n).value)(context);
      }, { priority: 3 });
    },
  },
  // "the past two months", "two-year", "the first nine months", "16-hour", "five years"
  {
    name: 'times:duration',
    triggers: ['second', 'seconds', 'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'quarter', 'quarters', 'year', 'years', 'decade', 'decades', 'century', 'centuries'],
    lookback: 70,
    pattern: re(
      `${B}(?:(?:the|a|an)\\s+)?(?:(past|last|next|first|previous|coming|final|latest|recent|following|remaining|initial|other|additional|further|another|entire|whole|full)\\s+)?(?:${MODS}\\s+)?(${NUM})(?:\\s+(?:more|additional|full|straight|consecutive|successive))?(?:\\s+(?:trading|business|working|school))?[\\s-]+(${UNIT})(?:-(?:long|old))?${E}`,
      'giud',
    ),
    handle(match, at) {
      const numberText = match[2]!.toLowerCase();
      const unit = parseUnit(match[3]!);
      const n = parseNumber(numberText);
      if ((numberText === 'a' || numberText === 'an' || numberText === 'one') && (unit === 'quarter' || unit === 'second')) return null;
      if (/^(?:a|an)$/.test(numberText) && unit === 'second') return null;
      // "once a year", "$5 a month", "twice a day": a set, not a duration.
      if (/^(?:a|an)$/.test(numberText) && !match[1]) {
        const before = at.text.slice(Math.max(0, match.index - 24), match.index);
        if (/(?:\d|%|percent|cents?|dollars?|billion|million|times|once|twice|yen|marks|pounds|francs|euros?)\s*$/i.test(before)) {
          return candidate(match, 'SET', 'times:set', fixed(durationValue(1, unit), PRECISION[unit]), { priority: 3 });
        }
      }
      if (n !== null && n > 1000 && unit !== 'year') return null;
      // Ages ("a 6-year-old", "the 52-year-old") and fractions ("three-quarters of")
      if (/-old$/i.test(match[0]) && !/s-old$/i.test(match[0])) return null;
      // ... but "two consecutive quarters of growth" is a duration.
      const counted = /\s(?:more|additional|full|straight|consecutive|successive)\s/i.test(match[0]);
      if (unit === 'quarter' && !counted && (/quarters$/i.test(match[0]) && /-/.test(match[0]) || /^\s+of\b/i.test(at.text.slice(match.index + match[0].length, match.index + match[0].length + 4)))) return null;
      const following = at.text.slice(match.index + match[0].length, match.index + match[0].length + 6);
      if (/^-old\b|^\s+old\b/i.test(following)) return null;
      return candidate(match, 'DURATION', 'times:duration', fixed(durationValue(n, unit), PRECISION[unit]));
    },
  },
  // "for years", "in recent months", "coming years", "several weeks"
  {
    name: 'times:vague-duration',
    triggers: ['days', 'weeks', 'months', 'years', 'decades', 'hours', 'minutes'],
    lookback: 40,
    pattern: re(
      `${B}(?:(?:(?:the|these|those)\\s+)?(recent|coming|past|next|last|following|many|several|a\\s+few|few|some|those|these)\\s+)?(days|weeks|months|years|decades|hours|minutes)${E}`,
      'giud',
    ),
    handle(match, at) {
      const before = at.text.slice(Math.max(0, match.index - 16), match.index);
      if (!match[1] && !/(?:for|in|within|over|after|took|lasted|spent|during|of|the)\s+$/i.test(before)) return null;
      if (!match[1] && /the\s+$/i.test(before)) return null;
      const after = at.text.slice(match.index + match[0].length, match.index + match[0].length + 8);
      if (/^\s+(?:of|ago)\b/i.test(after) && !match[1]) return null;
      const unit = parseUnit(match[2]!);
      if (/^(recent|past)$/i.test(match[1] ?? '') && unit === 'year') {
        return candidate(match, 'DATE', 'times:vague-duration', fixed('PAST_REF', 'unknown'), { priority: 1 });
      }
      return candidate(match, 'DURATION', 'times:vague-duration', fixed(durationValue(null, unit), PRECISION[unit]), { priority: 1 });
    },
  },
  // "last year", "this month", "next week", "earlier this year", "the past year", "last fall"
  {
    name: 'times:relative-unit',
    triggers: ['this', 'last', 'next', 'past', 'coming', 'previous', 'current', 'following'],
    lookback: 30,
    pattern: re(
      `${B}(?:(early|late|mid|earlier|later|the\\s+end\\s+of|the\\s+beginning\\s+of|the\\s+start\\s+of|the\\s+middle\\s+of|end\\s+of|the\\s+rest\\s+of)[\\s-]+)?(the\\s+)?(this|last|next|past|coming|previous|current|following)\\s+(year|month|week|quarter|weekend|spring|summer|fall|autumn|winter|century|decade)${E}`,
      'giud',
    ),
    handle(match, at) {
      const hasThe = Boolean(match[2]);
      const which = match[3]!.toLowerCase();
      const unit = match[4]!.toLowerCase();
      const season = SEASONS[unit];
      // "the past year", "the next month": a duration; "past decade" too.
      if (/^(decade|century)$/.test(unit) && /^(past|last)$/.test(which) && !(which === 'last' && hasThe)) {
        const u = parseUnit(unit);
        return candidate(match, 'DURATION', 'times:duration', fixed(durationValue(1, u), PRECISION[u]), { priority: 3 });
      }
      if (hasThe && /^(following|previous)$/.test(which) && !season && unit !== 'weekend') {
        const u = parseUnit(unit);
        // "for the following month", "over the previous year": a stretch of time.
        if (/\b(?:for|over|during|within|throughout|in)\s+$/i.test(at.text.slice(Math.max(0, match.index - 12), match.index)) || unit === 'decade' || unit === 'century') {
          return candidate(match, 'DURATION', 'times:duration', fixed(durationValue(1, u), PRECISION[u]), { priority: 3 });
        }
        // "the following month", "from the previous year": the unit after (before) the date the
        // text just named; without one, after (before) the publication date.
        const step = which === 'following' ? 1 : -1;
        const precision = unit as TimePrecision;
        const unresolved = { year: 'XXXX', month: 'XXXX-XX', week: 'XXXX-WXX', quarter: 'XXXX-QX' }[unit] ?? 'XXXX';
        return candidate(match, 'DATE', 'times:anaphoric-unit', (context) => {
          const previous = context.previous((t) => nextCalendarUnit(t.value, unit, step) !== null);
          if (previous) return { value: nextCalendarUnit(previous.value, unit, step)!, precision, anchor: previous.anchor, resolved: previous.resolved };
          return relative(precision, unresolved, (ref) => calendarUnitValue(ref, unit, step))(context);
        }, { priority: 3 });
      }
      const offset = /^(last|previous|past)$/.test(which) ? -1 : /^(next|coming|following)$/.test(which) ? 1 : 0;
      if (season) {
        return candidate(match, 'DATE', 'times:season', relative('season', `XXXX-${season}`, (ref) => seasonValue(ref, season, offset)), { priority: 3 });
      }
      const precision: TimePrecision = unit === 'weekend' ? 'week' : (unit as TimePrecision);
      const unresolved = { year: 'XXXX', month: 'XXXX-XX', week: 'XXXX-WXX', weekend: 'XXXX-WXX-WE', quarter: 'XXXX-QX', decade: 'XXX', century: 'XX' }[unit] ?? 'XXXX';
      return candidate(match, 'DATE', 'times:relative-unit', relative(precision, unresolved, (ref) => calendarUnitValue(ref, unit, offset)), { priority: 3 });
    },
  },
  // "year-earlier", "the year-ago quarter", "the year-earlier period"
  {
    name: 'times:year-earlier',
    triggers: ['year', 'month'],
    lookback: 5,
    pattern: re(`${B}(?:(the)\\s+)?(year|month)-(?:earlier|ago)(?:\\s+(period|quarter|level|results?|figure))?${E}`, 'giud'),
    handle(match) {
      const unit = match[2]!.toLowerCase();
      const noun = (match[3] ?? '').toLowerCase();
      if (unit === 'year' && (noun === 'period' || noun === 'quarter')) {
        return candidate(match, 'DATE', 'times:year-earlier', relative('quarter', 'XXXX-QX', (ref) => {
          const q = previousQuarter(ref);
          return formatQuarter(q.year - 1, q.quarter);
        }), { priority: 3 });
      }
      if (unit === 'year') {
        const end = noun ? groupStart(match, 3) - 1 : undefined;
        const start = match[1] && !noun ? groupStart(match, 2) : undefined;
        return candidate(match, 'DATE', 'times:year-earlier', (context) => {
          if (context.ref && inQuarterContext(context)) {
            const q = previousQuarter(context.ref);
            return { value: formatQuarter(q.year - 1, q.quarter), precision: 'quarter', anchor: 'published', resolved: true };
          }
          return relative('year', 'XXXX', (ref) => formatYear(ref.year - 1))(context);
        }, { priority: 3, ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) });
      }
      const end = noun ? groupStart(match, 3) - 1 : undefined;
      const start = match[1] && !noun ? groupStart(match, 2) : undefined;
      return candidate(
        match,
        'DATE',
        'times:year-earlier',
        relative(unit === 'year' ? 'year' : 'month', unit === 'year' ? 'XXXX' : 'XXXX-XX', (ref) => shiftedValue(ref, unit as Unit, -1).value),
        { priority: 3, ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end: end } : {}) },
      );
    },
  },
  // "the third quarter", "third-quarter", "the first half of 1990", "fiscal fourth quarter"
  {
    name: 'times:quarter',
    triggers: ['quarter', 'half', 'period'],
    lookback: 60,
    pattern: re(
      `${B}(?:the\\s+)?(?:(?:company's|fiscal|calendar|its|their)\\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|final)[\\s-]+(?:fiscal[\\s-]+)?(quarter|half|period)(?:\\s+of\\s+(?:(?:fiscal|calendar)\\s+)?(${YEAR4}|this\\s+year|last\\s+year|next\\s+year))?${E}`,
      'giud',
    ),
    handle(match) {
      const n = ORDINALS[match[1]!.toLowerCase()] ?? 0;
      const kind = match[2]!.toLowerCase();
      if (kind === 'period' && n > 4) return null;
      if (kind === 'half' && n > 2) return null;
      if (kind === 'period') return null;
      const label = kind === 'half' ? `H${n}` : `Q${n}`;
      const yearText = (match[3] ?? '').toLowerCase();
      const precision: TimePrecision = kind === 'half' ? 'quarter' : 'quarter';
      if (/^\d{4}$/.test(yearText)) return candidate(match, 'DATE', 'times:quarter', fixed(`${yearText}-${label}`, precision), { priority: 3 });
      return candidate(match, 'DATE', 'times:quarter', relative(precision, `XXXX-${label}`, (ref, tense) => {
        if (yearText === 'last year') return `${formatYear(ref.year - 1)}-${label}`;
        if (yearText === 'next year') return `${formatYear(ref.year + 1)}-${label}`;
        if (yearText === 'this year') return `${formatYear(ref.year)}-${label}`;
        const current = kind === 'half' ? (ref.month <= 6 ? 1 : 2) : quarterOf(ref);
        if (n <= current) return `${formatYear(ref.year)}-${label}`;
        return `${formatYear(tense() === 'future' ? ref.year : ref.year - 1)}-${label}`;
      }), { priority: 3 });
    },
  },
  // "the 1988 third quarter", "next year's first quarter", "the year-earlier third quarter"
  {
    name: 'times:year-quarter',
    triggers: ['quarter', 'half'],
    lookback: 70,
    pattern: re(`${B}(?:the\\s+)?(?:(${YEAR4})|(next|last|this)\\s+year['’]s|(year-earlier|year-ago))\\s+(?:fiscal\\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)[\\s-]+(?:fiscal\\s+)?(quarter|half)${E}`, 'giud'),
    handle(match) {
      const n = ORDINALS[match[4]!.toLowerCase()] ?? 1;
      const label = match[5]!.toLowerCase() === 'half' ? `H${n}` : `Q${n}`;
      if (match[1]) return candidate(match, 'DATE', 'times:quarter', fixed(`${match[1]}-${label}`, 'quarter'), { priority: 3 });
      const which = (match[2] ?? 'last').toLowerCase();
      const offset = match[3] ? -1 : which === 'next' ? 1 : which === 'last' ? -1 : 0;
      return candidate(match, 'DATE', 'times:quarter', relative('quarter', `XXXX-${label}`, (ref) => `${formatYear(ref.year + offset)}-${label}`), { priority: 3 });
    },
  },
  // "the weekend", "this weekend", "last weekend", "over the weekend"
  {
    name: 'times:weekend',
    triggers: ['weekend'],
    lookback: 5,
    pattern: re(`${B}the\\s+weekend${E}`, 'giud'),
    handle(match) {
      return candidate(match, 'DATE', 'times:weekend', relative('week', 'XXXX-WXX-WE', (ref, tense) => {
        const weekday = isoWeekday(ref);
        const future = tense() === 'future';
        if (weekday >= 6 || future) return `${formatWeek(ref)}-WE`;
        return `${formatWeek(addDays(ref, -7))}-WE`;
      }), { priority: 3 });
    },
  },
  // Years in words: "nineteen ninety-six", "the year two thousand"
  {
    name: 'times:year-words',
    triggers: ['nineteen', 'twenty', 'two'],
    lookback: 10,
    pattern: re(`${B}(?:the\\s+year\\s+)?(?:(nineteen|twenty)[\\s-]+(ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\\s-](one|two|three|four|five|six|seven|eight|nine))?|two\\s+thousand(?:\\s+(?:and\\s+)?(one|two|three|four|five|six|seven|eight|nine|ten))?)${E}`, 'giud'),
    handle(match) {
      let year: number;
      if (match[1]) {
        const tens = parseNumber(match[2]!) ?? 0;
        year = (match[1].toLowerCase() === 'nineteen' ? 1900 : 2000) + tens + (match[3] ? parseNumber(match[3]) ?? 0 : 0);
        if (tens < 10) return null;
      } else year = 2000 + (match[4] ? parseNumber(match[4]) ?? 0 : 0);
      if (!/^the/i.test(match[0]) && !match[1]) return null;
      return candidate(match, 'DATE', 'times:year-words', fixed(formatYear(year), 'year'), { priority: 3 });
    },
  },
  // "the quarter", "the latest quarter", "the current quarter"
  {
    name: 'times:the-quarter',
    triggers: ['quarter'],
    lookback: 40,
    pattern: re(`${B}the\\s+(?:(latest|most\\s+recent|recent|current|just-ended|just\\s+ended|past|last|previous|prior|same)\\s+)?(?:fiscal\\s+)?quarter${E}(?!-)`, 'giud'),
    handle(match) {
      const which = (match[1] ?? '').toLowerCase();
      if (which === 'same') return null;
      return candidate(match, 'DATE', 'times:the-quarter', relative('quarter', 'XXXX-QX', (ref) => {
        if (which === 'current') return formatQuarter(ref.year, quarterOf(ref));
        const q = previousQuarter(ref);
        return formatQuarter(q.year, q.quarter);
      }), { priority: 1 });
    },
  },
  // "the year" (in results reporting: the year so far) and "the fiscal year"
  {
    name: 'times:the-year',
    triggers: ['year'],
    lookback: 20,
    pattern: re(`${B}the\\s+(?:fiscal\\s+|calendar\\s+)?year${E}(?![\\s-]+(?:ago|earlier|before|after|later|of|in|when|that|which|-))`, 'giud'),
    handle(match) {
      return candidate(match, 'DURATION', 'times:the-year', fixed('P1Y', 'year'), { priority: 1 });
    },
  },
  // Weekdays: "Tuesday", "last Friday", "Wednesday night", "early Tuesday", "noon Thursday"
  {
    name: 'times:weekday',
    triggers: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
    lookback: 12,
    pattern: re(
      `${B}(?:(last|next|this|coming|past|early|late|on|until|till|by|since|noon|midnight)\\s+)?(${WEEKDAY_PATTERN})(s)?(?:\\s+(morning|afternoon|evening|night|nights|mornings))?${E}`,
      'gid',
    ),
    handle(match) {
      const modifier = (match[1] ?? '').toLowerCase();
      const weekday = parseWeekday(match[2]!);
      if (!isCapitalised(match[2]!)) return null;
      const part = match[4] ? PART_OF_DAY[match[4].toLowerCase().replace(/s$/, '')] : undefined;
      const includeModifier = /^(last|next|this|coming|past|early|late|noon|midnight)$/.test(modifier);
      const start = includeModifier ? match.index : groupStart(match, 2);
      if (match[3] || (match[4] && /s$/.test(match[4]))) {
        return candidate(match, 'SET', 'times:weekday-set', fixed(`XXXX-WXX-${weekday}${part ? `T${part}` : ''}`, 'day'), { start, priority: 3 });
      }
      const clock = modifier === 'noon' ? 'T12:00' : modifier === 'midnight' ? 'T24:00' : part ? `T${part}` : '';
      const type: TimeType = clock ? 'TIME' : 'DATE';
      return {
        start,
        end: match.index + match[0].length,
        type,
        rule: 'times:weekday',
        priority: 3,
        resolve(context) {
          if (!context.ref) return { value: `XXXX-WXX-${weekday}${clock}`, precision: clock ? 'hour' : 'day', anchor: 'none', resolved: false };
          const { direction, strict } = directionOf(modifier, () => context.tense());
          const day = resolveWeekday(context.ref, weekday, direction, strict);
          return { value: formatDay(day) + clock, precision: clock ? 'hour' : 'day', anchor: 'published', resolved: true };
        },
      };
    },
  },
  // "today", "yesterday morning", "late yesterday", "tonight", "last night", "this morning"
  {
    name: 'times:deictic-day',
    triggers: ['today', 'tonight', 'yesterday', 'tomorrow', 'morning', 'afternoon', 'evening', 'night'],
    lookback: 30,
    pattern: re(
      `${B}(?:(early|late|earlier|later|mid|mid-)[\\s-]*)?(?:(today|tonight|yesterday|tomorrow|the\\s+day\\s+before\\s+yesterday|the\\s+day\\s+after\\s+tomorrow)(?:\\s+(morning|afternoon|evening|night))?|(this|last|tomorrow|yesterday)\\s+(morning|afternoon|evening|night)|(morning|afternoon|evening|night)\\s+(yesterday|today|tomorrow))${E}`,
      'giud',
    ),
    handle(match, at) {
      const word = (match[2] ?? match[4] ?? match[7] ?? '').toLowerCase().replace(/\s+/g, ' ');
      // "today's world", "today's GM": the present generally, not the publication day.
      if (word === 'today' && !match[1] && !match[3] && isGenericToday(at, match.index + match[0].length)) {
        return candidate(match, 'DATE', 'times:ref', relative('unknown', 'PRESENT_REF', () => 'PRESENT_REF'), { priority: 3 });
      }
      const partWord = (match[3] ?? match[5] ?? match[6] ?? '').toLowerCase();
      let offset = 0;
      if (word === 'yesterday' || (word === 'last' && partWord === 'night')) offset = -1;
      else if (word === 'last') offset = -1;
      else if (word === 'tomorrow') offset = 1;
      else if (word === 'the day before yesterday') offset = -2;
      else if (word === 'the day after tomorrow') offset = 2;
      const part = word === 'tonight' ? 'NI' : partWord ? PART_OF_DAY[partWord] : undefined;
      const type: TimeType = part ? 'TIME' : 'DATE';
      const suffix = part ? `T${part}` : '';
      return candidate(match, type, 'times:deictic-day', relative(part ? 'hour' : 'day', `XXXX-XX-XX${suffix}`, (ref) => formatDay(addDays(ref, offset)) + suffix), { priority: 3 });
    },
  },
  // PRESENT_REF / PAST_REF / FUTURE_REF
  {
    name: 'times:ref',
    triggers: ['now', 'currently', 'current', 'presently', 'nowadays', 'present', 'days', 'recently', 'lately', 'formerly', 'past', 'future', 'term', 'being'],
    lookback: 12,
    pattern: re(
      `${B}(now|currently|current|presently|nowadays|at\\s+present|these\\s+days|the\\s+present|right\\s+now|recently|lately|formerly|the\\s+past|the\\s+future|the\\s+near\\s+future|the\\s+(?:near|short|medium|long)\\s+term|the\\s+time\\s+being)${E}(?![-\u2010\u2011])`,
      'giud',
    ),
    handle(match, at) {
      const word = match[1]!.toLowerCase().replace(/\s+/g, ' ');
      const token = at.tokenAt(match.index);
      if (word === 'once') return null;
      if ((word === 'current' || word === 'recent' || word === 'future') && token && token.pos !== 'ADJ' && token.pos !== 'NOUN') return null;
      if (word === 'current') {
        const next = at.tokenAfter(match.index + match[0].length);
        const nextWord = next ? at.text.slice(next.span.start, next.span.end).toLowerCase() : '';
        if (/^(account|accounts|affairs|events|assets|liabilities|carrier|carriers|flows?|density|law|laws|rules|system|price|prices)$/.test(nextWord)) return null;
      }
      const value = /^(now|currently|current|presently|nowadays|at present|these days|the present|right now|the time being)$/.test(word)
        ? 'PRESENT_REF'
        : /^(soon|shortly|the future|future|the near future|the (?:near|short|medium|long) term)$/.test(word)
          ? 'FUTURE_REF'
          : 'PAST_REF';
      return candidate(match, 'DATE', 'times:ref', relative('unknown', value, () => value), { priority: 1 });
    },
  },
  // Decades: "the 1990s", "the late 1970s", "the '80s", "1960s"
  {
    name: 'times:decade',
    triggers: [],
    lookback: 20, digits: 'decade',
    pattern: re(`${B}(?:the\\s+)?(?:(early|mid|late)[\\s-]+)?(?:(1[0-9]|20)([0-9])0|['’]([0-9])0|([1-9])0)['’]?s${E}`, 'giud'),
    handle(match, at) {
      if (match[2]) return candidate(match, 'DATE', 'times:decade', fixed(`${match[2]}${match[3]}`, 'decade'), { priority: 3 });
      if (match[5]) {
        // "70s" without an apostrophe is an age ("in his 70s") unless it is "the 70s", or joined to
        // a decade ("the 70s and 80s", "the 1970s and 80s").
        const before = at.text.slice(Math.max(0, match.index - 30), match.index);
        const joined = /(?:\bthe\s+(?:(?:early|mid|late)[\s-]+)?['’]?[1-9]0['’]?s|\b(?:1[0-9]|20)[0-9]0['’]?s)\s*(?:,|and|or|to|through|-|–)\s*$/i.test(before);
        if (!/^the\s/i.test(match[0]) && !joined) return null;
      }
      const digit = match[4] ?? match[5]!;
      return candidate(match, 'DATE', 'times:decade', (context) => {
        const century = context.ref ? formatYear(context.ref.year).slice(0, 2) : '19';
        const value = `${Number(digit) > Number(formatYear(context.ref?.year ?? 1999).slice(2, 3)) && century === '20' ? '19' : century}${digit}`;
        return { value, precision: 'decade', anchor: context.ref ? 'published' : 'none', resolved: true };
      }, { priority: 3 });
    },
  },
  // Years: "in 2017", "since 2007", "the 1967 war", "fiscal 1989", "mid-1990", "2008-2010"
  {
    name: 'times:year',
    triggers: [],
    lookback: 20, digits: 'year',
    pattern: re(`${B}(?:(fiscal(?:\\s+year)?|early|mid|late|mid-)[\\s-]*)?(${YEAR4})(?:(?:-|–|/)(\\d{2}|${YEAR4}))?(?!\\d|[.,]\\d|%|\\s*(?:percent|per\\s+cent))(?![A-Za-z\\u00C0-\\u024F])`, 'giud'),
    handle(match, at) {
      const year = Number(match[2]);
      if (year < 1000 || year > 2100) return null;
      const yearStart = groupStart(match, 2);
      const before = at.text.slice(Math.max(0, yearStart - 40), yearStart);
      // Money, counts and measures: "$2000", "No. 1990", "1990 people"
      if (/[$€£#¥]\s*$|\b(?:no|number|nos|page|p|route|flight|room|highway|channel|rule|resolution|article|section|code|grade|size|zip)\.?\s*$/i.test(before)) return null;
      const afterText = at.text.slice(match.index + match[0].length, match.index + match[0].length + 30);
      const nextWord = (/^\s*([\p{L}%]+)/u.exec(afterText)?.[1] ?? '').toLowerCase();
      if (NOT_YEAR_NEXT.test(nextWord) && !match[1]) return null;
      const prevWord = lastWord(before);
      const modifier = (match[1] ?? '').toLowerCase();
      let rule = 'times:bare-year';
      let ok = Boolean(modifier);
      const nextToken = at.tokenAfter(match.index + match[0].length);
      const nextIsNoun = nextToken && (nextToken.pos === 'NOUN' || nextToken.pos === 'PROPN') && /^\s+\p{Ll}/u.test(afterText);
      const nextIsPlural = nextToken && nextToken.lemma !== at.text.slice(nextToken.span.start, nextToken.span.end).toLowerCase();
      if (!ok && /^(?:the|a|an|its|their|his|her|our|this|that)$/.test(prevWord)) {
        // Attributive: "the 1967 war", "the 1967 borders", "a 1999 law", "the 2000 election"
        // ... and before a name: "the 2008 Beijing Olympic Games", "the 1991 Gulf War" (a count
        // would be plural: "the 1200 Marines").
        const nextIsName = nextToken && nextToken.pos === 'PROPN' && /^\s+\p{Lu}\p{Ll}/u.test(afterText) && !nextIsPlural && !parseMonth(nextWord) && !parseWeekday(nextWord);
        if ((nextIsNoun || nextIsName) && year >= 1800 && (!nextIsPlural || YEAR_PLURAL_NOUNS.has(nextWord))) {
          ok = true;
          rule = 'times:year-attributive';
        } else if (/^\s*(?:[,.;:)]|$|['’]s)/.test(afterText) && prevWord === 'the') {
          ok = false;
        }
      } else if (!ok && /['’]s$/.test(before.trimEnd()) && nextIsNoun && year >= 1800) {
        ok = true;
        rule = 'times:year-attributive';
      } else if (!ok && YEAR_PREPOSITIONS.has(prevWord)) {
        ok = !(nextIsNoun && nextIsPlural && !YEAR_PLURAL_NOUNS.has(nextWord) && year < 1900);
        if (ok && /^(?:and|to|or|than|over|as|at|on|for)$/.test(prevWord)) {
          // weaker prepositions: require a year-looking neighbourhood
          ok = year >= 1800 && !nextIsNoun && !/\d\s*(?:and|to|or|than)\s*$/.test(before) || /\b(?:1[5-9]|20)\d\d\s*(?:and|to|or|-|–)\s*$/.test(before);
        }
      } else if (!ok) {
        // Sentence-initial "2008 was ...", after a comma "..., 2008," or in parentheses "(2008)"
        const sentenceStart = /(?:^|[.!?]["”]?\s+|\n)\s*$/.test(before);
        const parenthesised = /\(\s*$/.test(before) && /^\s*\)/.test(afterText);
        const yearApostrophe = /^['’]s\b/.test(afterText);
        const commaDate = /,\s*$/.test(before) && /^\s*[,.]/.test(afterText) && year >= 1800;
        ok = year >= 1800 && (sentenceStart || parenthesised || yearApostrophe || commaDate || Boolean(match[3]));
      }
      if (!ok) return null;
      const end = groupStart(match, 2) + 4;
      const yearValue = formatYear(year);
      const start = match[1] ? match.index : yearStart;
      if (prevWord === 'since' && !match[1]) {
        return {
          start,
          end,
          type: 'DATE',
          rule: 'times:since-interval',
          priority: 3,
          resolve(context) {
            return {
              value: yearValue,
              precision: 'year',
              anchor: context.ref ? 'published' : 'none',
              resolved: true,
              interval: { start: yearValue, end: context.ref ? formatDay(context.ref) : 'PRESENT_REF' },
            };
          },
        };
      }
      const result: Candidate[] = [
        { start, end, type: 'DATE', rule, priority: 3, resolve: fixed(yearValue, 'year') },
      ];
      // "2008-2010", "1989-90": the second year is a DATE of its own.
      if (match[3]) {
        const second = match[3].length === 2 ? Number(String(year).slice(0, 2) + match[3]) : Number(match[3]);
        const secondStart = groupStart(match, 3);
        if (second > year && second - year < 200) {
          result.push({ start: secondStart, end: secondStart + match[3].length, type: 'DATE', rule: 'times:year-range', priority: 3, resolve: fixed(formatYear(second), 'year') });
        }
      }
      return result;
    },
  },
  // Months without a day: "January", "late November", "last April", "August 1988", "the end of May"
  {
    name: 'times:month',
    triggers: ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec'],
    lookback: 25,
    pattern: re(
      `${B}(?:(early|late|mid|the\\s+end\\s+of|the\\s+beginning\\s+of|the\\s+start\\s+of|the\\s+middle\\s+of|end\\s+of|last|next|this|since|until|till|by|in|from|of)[\\s-]+)?(${MONTH_PATTERN})(?:,?\\s+(?:of\\s+)?(${YEAR4}))?(?!\\s*\\d)(?![A-Za-z\\u00C0-\\u024F])`,
      'gidu',
    ),
    handle(match, at) {
      const monthWord = match[2]!;
      if (!isCapitalised(monthWord)) return null;
      const month = parseMonth(monthWord);
      const token = at.tokenAt(groupStart(match, 2));
      const modifier = (match[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
      const nextToken = at.tokenAfter(groupStart(match, 2) + monthWord.length);
      const nextWord = nextToken ? at.text.slice(nextToken.span.start, nextToken.span.end) : '';
      if (monthWord === 'May' || monthWord === 'March') {
        if (token && (token.pos === 'AUX' || token.pos === 'VERB') && !modifier) return null;
        if (!modifier && !match[3] && nextToken && (nextToken.pos === 'VERB' || nextToken.pos === 'AUX' || nextToken.pos === 'ADV' || nextToken.pos === 'PRON')) return null;
        if (!modifier && !match[3] && /^(?:be|have|not|also|still|well|never|soon)$/i.test(nextWord)) return null;
      }
      // Names: "April Glaspie", "June Carter", "August Wilson"
      if (!match[3] && nextToken && nextToken.pos === 'PROPN' && /^\p{Lu}\p{Ll}/u.test(nextWord) && !parseMonth(nextWord) && !parseWeekday(nextWord)) return null;
      const includeModifier = /^(early|late|mid|the end of|the beginning of|the start of|the middle of|end of|last|next|this)$/.test(modifier);
      const start = includeModifier ? match.index : groupStart(match, 2);
      if (match[3]) return candidate(match, 'DATE', 'times:month-year', fixed(formatMonth(Number(match[3]), month), 'month'), { start, priority: 3 });
      return candidate(
        match,
        'DATE',
        'times:month',
        (context) => {
          if (!context.ref) return { value: `XXXX-${String(month).padStart(2, '0')}`, precision: 'month', anchor: 'none', resolved: false };
          const { direction, strict } = directionOf(modifier, () => context.tense());
          const year = resolveMonthYear(context.ref, month, null, direction, strict);
          return { value: formatMonth(year, month), precision: 'month', anchor: 'published', resolved: true };
        },
        { start, priority: 2 },
      );
    },
  },
  // Seasons with a year: "the summer of 1998", "spring 1990"
  {
    name: 'times:season-year',
    triggers: ['spring', 'summer', 'fall', 'autumn', 'winter'],
    lookback: 30,
    pattern: re(`${B}(?:(?:early|late|mid)[\\s-]+)?(?:the\\s+)?(spring|summer|fall|autumn|winter)(?:\\s+of)?\\s+(${YEAR4})${E}`, 'giud'),
    handle(match) {
      const season = SEASONS[match[1]!.toLowerCase()]!;
      return candidate(match, 'DATE', 'times:season', fixed(`${match[2]}-${season}`, 'season'), { priority: 3 });
    },
  },
  // Sets: "daily", "every day", "each year", "per month", "annually"
  {
    name: 'times:set',
    triggers: ['daily', 'weekly', 'monthly', 'yearly', 'annually', 'hourly', 'nightly', 'biweekly', 'semiannually', 'every', 'each', 'per'],
    lookback: 0,
    pattern: re(
      `${B}(?:(daily|weekly|monthly|yearly|annually|hourly|nightly|biweekly|semiannually)|(?:every|each|per)\\s+(other\\s+)?(day|week|month|year|quarter|hour|minute|morning|afternoon|evening|night|weekend|summer|winter|spring|fall|autumn|${WEEKDAY_PATTERN}|${MONTH_PATTERN}))${E}`,
      'giud',
    ),
    handle(match) {
      const adverb = (match[1] ?? '').toLowerCase();
      const every = match[2] ? 2 : 1;
      if (adverb) {
        const value = {
          daily: 'P1D', weekly: 'P1W', monthly: 'P1M', yearly: 'P1Y', annually: 'P1Y', hourly: 'PT1H', quarterly: 'P1Q', nightly: 'P1D',
          biweekly: 'P2W', semiannually: 'P6M',
        }[adverb] ?? 'P1D';
        return candidate(match, 'SET', 'times:set', fixed(value, 'unknown'), { priority: 2 });
      }
      const word = match[3]!;
      const lowerWord = word.toLowerCase();
      let value: string;
      if (parseWeekday(word) && isCapitalised(word)) value = `XXXX-WXX-${parseWeekday(word)}`;
      else if (parseMonth(word) && isCapitalised(word)) value = `XXXX-${String(parseMonth(word)).padStart(2, '0')}`;
      else if (PART_OF_DAY[lowerWord]) value = `XXXX-XX-XXT${PART_OF_DAY[lowerWord]}`;
      else if (SEASONS[lowerWord]) value = `XXXX-${SEASONS[lowerWord]}`;
      else if (lowerWord === 'weekend') value = 'XXXX-WXX-WE';
      else value = durationValue(every, parseUnit(lowerWord));
      return candidate(match, 'SET', 'times:set', fixed(value, 'unknown'), { priority: 2 });
    },
  },
  // Four-digit clock times in universal time: "at 0800 UTC", "1630 GMT" (on the publication day).
  {
    name: 'times:utc-clock',
    triggers: ['utc', 'gmt'],
    lookback: 6,
    pattern: re(`${B}([01][0-9]|2[0-3])([0-5][0-9])\\s*(?:UTC|GMT)${E}(?!\\s*[+-]\\s*\\d)`, 'gd'),
    handle(match, at) {
      // "10:35 a.m. (0735 GMT)": a conversion of the clock time just before, not a time of its own.
      if (/\d\s*(?:[ap]\.?m\.?|[AP]M)?\s*\(\s*$/i.test(at.text.slice(Math.max(0, match.index - 20), match.index))) return null;
      const clock = `T${match[1]}:${match[2]}Z`;
      return candidate(match, 'TIME', 'times:utc-clock', relative('minute', `XXXX-XX-XX${clock}`, (ref) => formatDay(ref) + clock), { priority: 3 });
    },
  },
  // Holidays
  {
    name: 'times:holiday',
    triggers: ['christmas', 'new', 'thanksgiving', 'halloween', 'valentine', 'independence', 'labor', 'memorial'],
    lookback: 0,
    pattern: re(`${B}(Christmas(?:\\s+(?:Day|Eve))?|New\\s+Year['’]s\\s+(?:Day|Eve)|Thanksgiving(?:\\s+Day)?|Halloween|Valentine['’]s\\s+Day|Independence\\s+Day|Labor\\s+Day|Memorial\\s+Day)${E}`, 'gdu'),
    handle(match) {
      const name = match[1]!.toLowerCase().replace(/\s+/g, ' ').replace('’', "'");
      const dayIn = (year: number): Day => {
        switch (name) {
          case 'christmas':
          case 'christmas day':
            return { year, month: 12, day: 25 };
          case 'christmas eve':
            return { year, month: 12, day: 24 };
          case "new year's day":
            return { year, month: 1, day: 1 };
          case "new year's eve":
            return { year, month: 12, day: 31 };
          case 'halloween':
            return { year, month: 10, day: 31 };
          case "valentine's day":
            return { year, month: 2, day: 14 };
          case 'independence day':
            return { year, month: 7, day: 4 };
          case 'labor day': {
            const first = { year, month: 9, day: 1 };
            return addDays(first, (8 - isoWeekday(first)) % 7);
          }
          case 'memorial day': {
            const last = { year, month: 5, day: 31 };
            return addDays(last, -((isoWeekday(last) + 6) % 7));
          }
          default: {
            // Thanksgiving: fourth Thursday of November
            const first = { year, month: 11, day: 1 };
            return addDays(first, ((4 - isoWeekday(first) + 7) % 7) + 21);
          }
        }
      };
      if (name === 'christmas' && /^\s+(?:tree|trees|card|cards|shopping|season|gift|gifts|present|presents|party|holidays?)\b/i.test(match.input.slice(match.index + match[0].length, match.index + match[0].length + 12))) return null;
      const sample = dayIn(2000);
      return candidate(match, 'DATE', 'times:holiday', relative('day', `XXXX-${String(sample.month).padStart(2, '0')}-${String(sample.day).padStart(2, '0')}`, (ref, tense) => {
        const year = resolveMonthYear(ref, dayIn(ref.year).month, dayIn(ref.year).day, directionFromTense(tense()));
        return formatDay(dayIn(year));
      }), { priority: 3 });
    },
  },
];

/** Runs every rule over `text`; candidates may overlap (the stage chooses). */
const sticky = new Map<Rule, RegExp>(rules.map((rule) => [rule, new RegExp(rule.pattern.source, rule.pattern.flags.replace('g', '') + 'y')]));

function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || (code >= 0xc0 && code <= 0x24f) ||
    code === 39 || code === 0x2019 || code === 36
  );
}

/** Word starts in `[from, to]`, ascending. */
function wordStarts(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i <= to; i++) {
    if (isWordChar(text.charCodeAt(i)) && (i === 0 || !isWordChar(text.charCodeAt(i - 1)))) out.push(i);
  }
  if (out[out.length - 1] !== to) out.push(to);
  return out;
}

function collect(result: Candidate | Candidate[] | null, found: Candidate[]): void {
  if (result === null) return;
  for (const c of Array.isArray(result) ? result : [result]) if (c.end > c.start) found.push(c);
}

const byTrigger = new Map<string, Rule[]>();
for (const rule of rules) {
  for (const word of rule.triggers) {
    const list = byTrigger.get(word) ?? [];
    list.push(rule);
    byTrigger.set(word, list);
  }
}
const yearRules = rules.filter((rule) => rule.digits === 'year');
const decadeRules = rules.filter((rule) => rule.digits === 'decade');

const WORD = /[A-Za-z]+|[0-9]+/g;

function runRules(at: RuleText, only: ReadonlySet<Rule> | null, found: Candidate[]): void {
  const text = at.text;
  const resume = new Map<Rule, number>();
  WORD.lastIndex = 0;
  let word: RegExpExecArray | null;
  while ((word = WORD.exec(text)) !== null) {
    const p = word.index;
    const w = word[0];
    let triggered: readonly Rule[] | undefined;
    const code = w.charCodeAt(0);
    if (code >= 48 && code <= 57) {
      triggered = w.length === 4 ? yearRules : w.endsWith('0') && text[p + w.length] !== undefined && /['’]?s/.test(text.slice(p + w.length, p + w.length + 2)) ? decadeRules : undefined;
      if (triggered === undefined && w.length === 2 && /['’]/.test(text[p - 1] ?? '')) triggered = decadeRules;
      if (w.length === 4 && w.endsWith('0')) triggered = [...yearRules, ...decadeRules];
    } else {
      triggered = byTrigger.get(w.toLowerCase());
    }
    if (!triggered) continue;
    for (const rule of triggered) {
      if (only && !only.has(rule)) continue;
      const from = Math.max(resume.get(rule) ?? 0, p - rule.lookback);
      if (p < (resume.get(rule) ?? 0)) continue;
      const full = sticky.get(rule)!;
      for (const start of wordStarts(text, from, p)) {
        full.lastIndex = start;
        const match = full.exec(text);
        if (match && match.index + match[0].length > p && match[0].length > 0) {
          collect(rule.handle(match, at), found);
          resume.set(rule, match.index + match[0].length);
          break;
        }
      }
    }
  }
}

/** Runs every rule over `text`; candidates may overlap (the stage chooses). */
export function applyRules(at: RuleText): Candidate[] {
  const found: Candidate[] = [];
  runRules(at, null, found);
  return found;
}

/** Time per rule over `at`, in ms (for benchmarks). */
export function profileRules(at: RuleText, rounds: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rule of rules) {
    const t0 = performance.now();
    const only = new Set([rule]);
    for (let i = 0; i < rounds; i++) runRules(at, only, []);
    out[rule.name] = (performance.now() - t0) / rounds;
  }
  return out;
}
