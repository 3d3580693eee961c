/** Words the time rules know: numbers, units, months, weekdays, parts of the day, seasons. */

export const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100,
  'a couple of': 2, 'a couple': 2, couple: 2, 'a dozen': 12, dozen: 12, 'half a dozen': 6, 'a half-dozen': 6,
};

/** Quantities that leave the number unknown: "several years" → PXY. */
export const VAGUE_QUANTITIES = new Set(['several', 'a few', 'few', 'many', 'some', 'numerous', 'dozens of', 'hundreds of', 'thousands of', 'the next few', 'couple of']);

const SMALL = 'one|two|three|four|five|six|seven|eight|nine';
const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
/** A cardinal: digits, words (with "twenty-four"), "a", "a couple of", vague quantities. */
export const NUMBER_PATTERN =
  `(?:\\d{1,3}(?:,\\d{3})*(?:\\.\\d+)?|(?:${TENS})(?:[\\s-](?:${SMALL}))?|${SMALL}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a\\s+hundred|hundred|half\\s+a\\s+dozen|a\\s+half-dozen|a\\s+dozen|a\\s+couple\\s+of|a\\s+couple|a\\s+few|several|few|many|numerous|dozens\\s+of|an?)`;

/** Parses a NUMBER_PATTERN match; null when the quantity is vague. */
export function parseNumber(raw: string): number | null {
  const text = raw.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^\d/.test(text)) return Number(text.replace(/,/g, ''));
  if (text in NUMBER_WORDS) return NUMBER_WORDS[text]!;
  const compound = /^(\w+)[\s-](\w+)$/.exec(text);
  if (compound && compound[1]! in NUMBER_WORDS && compound[2]! in NUMBER_WORDS) return NUMBER_WORDS[compound[1]!]! + NUMBER_WORDS[compound[2]!]!;
  if (text === 'a hundred') return 100;
  return null;
}

export type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year' | 'decade' | 'century';

export const UNIT_PATTERN = '(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|century|centuries)';

export function parseUnit(raw: string): Unit {
  const text = raw.toLowerCase();
  if (text.startsWith('centur')) return 'century';
  return text.replace(/s$/, '') as Unit;
}

/** ISO 8601 duration for `n` units (`n` null → `X`). */
export function durationValue(n: number | null, unit: Unit): string {
  const count = n === null ? 'X' : String(n);
  switch (unit) {
    case 'second':
      return `PT${count}S`;
    case 'minute':
      return `PT${count}M`;
    case 'hour':
      return `PT${count}H`;
    case 'day':
      return `P${count}D`;
    case 'week':
      return `P${count}W`;
    case 'month':
      return `P${count}M`;
    case 'quarter':
      return `P${count}Q`;
    case 'year':
      return `P${count}Y`;
    case 'decade':
      return n === null ? 'PXDE' : `P${n * 10}Y`;
    case 'century':
      return n === null ? 'PXCE' : `P${n * 100}Y`;
  }
}

export const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};

/** Month names as written in news: full names, and abbreviations with a period ("Sept."). */
export const MONTH_PATTERN =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.)';

export function parseMonth(raw: string): number {
  return MONTHS[raw.toLowerCase().replace(/\.$/, '')] ?? 0;
}

export const WEEKDAYS: Record<string, number> = {
  monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4, thur: 4, thurs: 4, friday: 5, fri: 5,
  saturday: 6, sat: 6, sunday: 7, sun: 7,
};

export const WEEKDAY_PATTERN = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';

export function parseWeekday(raw: string): number {
  return WEEKDAYS[raw.toLowerCase().replace(/\.$/, '')] ?? 0;
}

/** Parts of the day and their TIMEX3 codes. */
export const PART_OF_DAY: Record<string, string> = {
  morning: 'MO', afternoon: 'AF', evening: 'EV', night: 'NI', tonight: 'NI', overnight: 'NI', midday: 'MI', noon: 'MI',
};

export const SEASONS: Record<string, string> = { spring: 'SP', summer: 'SU', fall: 'FA', autumn: 'FA', winter: 'WI' };
/** Rough start month of each season, to order them within a year. */
export const SEASON_MONTH: Record<string, number> = { SP: 3, SU: 6, FA: 9, WI: 12 };

export const ORDINALS: Record<string, number> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, final: 4, last: 4,
};
