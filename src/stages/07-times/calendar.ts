/**
 * Calendar arithmetic on plain civil dates (no time zones, no clock): the reference date of an
 * article is a day, and every relative expression is resolved against that day.
 */

export interface Day {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

/** Parses the date part of an ISO date or datetime (`2020-01-22`, `2020-01-22T10:00:00Z`). */
export function parseDay(iso: string | null): Day | null {
  if (!iso) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return null;
  const day = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (day.month < 1 || day.month > 12 || day.day < 1 || day.day > daysInMonth(day.year, day.month)) return null;
  return day;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toUtc(day: Day): number {
  return Date.UTC(day.year, day.month - 1, day.day);
}

function fromUtc(ms: number): Day {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function addDays(day: Day, days: number): Day {
  return fromUtc(toUtc(day) + days * 86_400_000);
}

/** Adds months, clamping the day to the target month's length. */
export function addMonths(day: Day, months: number): Day {
  const index = day.year * 12 + (day.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(day.day, daysInMonth(year, month)) };
}

/** Days from `a` to `b` (positive when `b` is later). */
export function dayDiff(a: Day, b: Day): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: Day): number {
  const weekday = new Date(toUtc(day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** ISO 8601 week-numbering year and week. */
export function isoWeek(day: Day): { year: number; week: number } {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const jan1 = { year: thursday.year, month: 1, day: 1 };
  return { year: thursday.year, week: Math.floor(dayDiff(jan1, thursday) / 7) + 1 };
}

export function quarterOf(day: Day): number {
  return Math.floor((day.month - 1) / 3) + 1;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function formatYear(year: number): string {
  return pad(year, 4);
}

export function formatMonth(year: number, month: number): string {
  return `${formatYear(year)}-${pad(month)}`;
}

export function formatDay(day: Day): string {
  return `${formatYear(day.year)}-${pad(day.month)}-${pad(day.day)}`;
}

export function formatWeek(day: Day): string {
  const { year, week } = isoWeek(day);
  return `${formatYear(year)}-W${pad(week)}`;
}

export function formatQuarter(year: number, quarter: number): string {
  return `${formatYear(year)}-Q${quarter}`;
}

/** The date of ISO weekday `weekday` in the same ISO week as `day`. */
export function weekdayInWeek(day: Day, weekday: number): Day {
  return addDays(day, weekday - isoWeekday(day));
}
