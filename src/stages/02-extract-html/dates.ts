/**
 * Publication dates as pages write them (`2015-07-10T09:53:00-04:00`, `2017-11-03 03:01:00.000000`,
 * `2021-11-01T10:52:50+0100`, `20150430`, `05/29/2007`, `Thu, 21 Dec 2018 12:55:00 GMT`, `December 21, 2018`) to
 * ISO 8601. The page's own calendar date and offset are kept (never moved to UTC), so the date part
 * stays the one the page printed; only strings Date.parse must read are given in UTC.
 */

const ISO_LIKE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z)?$/;
const SLASHED = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
/** `05/29/2007 09:49:00` or `29/05/2007`: read only when the day is over 12, so that the order is certain. */
const NUMERIC_DAY_MONTH = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Years accepted as a news page's publication date. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/** The date as ISO 8601 (`2018-12-21` or `2018-12-21T12:55:00Z`), or undefined when it cannot be read. */
export function normaliseDate(raw: string): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const iso = ISO_LIKE.exec(value) ?? COMPACT.exec(value) ?? SLASHED.exec(value);
  if (iso) {
    const [, y, mo, d, h, mi, s, fraction, zone] = iso;
    const date = calendarDate(Number(y), Number(mo), Number(d));
    if (!date) return undefined;
    if (h === undefined || mi === undefined) return date;
    if (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59)) return date;
    return `${date}T${pad(h)}:${mi}${s !== undefined ? `:${s}` : ''}${fraction ?? ''}${zone ? offset(zone) : ''}`;
  }
  const numeric = NUMERIC_DAY_MONTH.exec(value);
  if (numeric) {
    const [, first, second, y, h, mi, s] = numeric;
    const [month, day] = Number(first) > 12 ? [second, first] : Number(second) > 12 ? [first, second] : [undefined, undefined];
    if (month === undefined || day === undefined) return undefined;
    const date = calendarDate(Number(y), Number(month), Number(day));
    if (!date || h === undefined || mi === undefined || Number(h) > 23 || Number(mi) > 59) return date;
    return `${date}T${pad(h)}:${mi}${s !== undefined ? `:${s}` : ''}`;
  }
  if (/^\d{10}(?:\d{3})?$/.test(value)) {
    // Unix time in seconds or milliseconds.
    const ms = value.length === 10 ? Number(value) * 1000 : Number(value);
    return utcIso(new Date(ms));
  }
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime()) || !/[a-z]{3}/i.test(value)) return undefined;
  if (/\d{1,2}:\d{2}/.test(value)) return utcIso(parsed);
  // A date without a time: Date.parse gives local midnight, so the local calendar fields are the date written.
  return calendarDate(parsed.getFullYear(), parsed.getMonth() + 1, parsed.getDate());
}

function calendarDate(year: number, month: number, day: number): string | undefined {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${year}-${pad(String(month))}-${pad(String(day))}`;
}

function utcIso(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  const year = date.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  return date.toISOString().replace('.000Z', 'Z');
}

function offset(zone: string): string {
  const upper = zone.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return '';
  return `${m[1]}${m[2]}:${m[3] ?? '00'}`;
}

function pad(value: string): string {
  return value.padStart(2, '0');
}
