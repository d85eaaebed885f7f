import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/**
 * The one home of calendar arithmetic for the functions: Beijing time from instants, never from the host's
 * time zone. China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact (and needs
 * no time-zone database, which the timezone plugin would read from the host). Dates are 'YYYY-MM-DD'.
 */
const BEIJING_OFFSET_MINUTES = 8 * 60;
const BEIJING_OFFSET_MS = BEIJING_OFFSET_MINUTES * 60_000;

/**
 * The instant's Beijing wall clock, as a dayjs in UTC mode. Not `utcOffset(480)`: that goes through the host's
 * time zone and is an hour off around the host's daylight-saving changes (caught with jest in Los Angeles).
 */
export const inBeijing = (instant: Date): Dayjs => dayjs.utc(instant.getTime() + BEIJING_OFFSET_MS);

/** The instant at which Beijing's wall clock shows `wall` (a time made from `inBeijing`). */
export const fromBeijing = (wall: Dayjs): Date => new Date(wall.valueOf() - BEIJING_OFFSET_MS);

// Calendar dates are computed with plain arithmetic on UTC midnights, not dayjs (a request calls these many
// times: a working-day count steps one day at a time): a calendar day is exactly 86,400,000 ms there, as it
// is in Beijing.
const DAY_MS = 86_400_000;
const utcMidnight = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** 'YYYY-MM-DD' of the Beijing calendar day containing the instant. */
export function beijingDate(instant: Date): string {
  return isoDay(instant.getTime() + BEIJING_OFFSET_MS);
}

/** 'YYYY-MM' of the Beijing month containing the instant. */
export function beijingMonth(instant: Date): string {
  return inBeijing(instant).format('YYYY-MM');
}

/** ISO 8601 with +08:00, e.g. 2026-11-24T09:30:00+08:00 (milliseconds only where there are some). */
export function toBeijingIso(instant: Date): string {
  const wall = new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString();
  return `${wall.slice(0, instant.getUTCMilliseconds() ? 23 : 19)}+08:00`;
}

/** `date` plus `days` calendar days (negative: before), across month and year ends. */
export function addDays(date: string, days: number): string {
  return isoDay(utcMidnight(date) + days * DAY_MS);
}

/** The calendar day after `date`. */
export const nextDate = (date: string): string => addDays(date, 1);

/** 0 = Sunday … 6 = Saturday, for a calendar date. */
export function weekday(date: string): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/** The last moment of a Beijing calendar day, as the instant a "by the end of the day" limit means. */
export function endOfBeijingDay(date: string): Date {
  return new Date(utcMidnight(date) + DAY_MS - BEIJING_OFFSET_MS - 1000);
}

/** A real calendar date ('YYYY-MM-DD'): 2026-02-30 is not. */
export function isDate(date: string): boolean {
  if (!/^\d{4}-\d\d-\d\d$/.test(date)) return false;
  const ms = utcMidnight(date); // 02-30 rolls over to March, 13-01 is NaN
  return !Number.isNaN(ms) && isoDay(ms) === date;
}

/**
 * `date` plus whole months, and whether that day exists there: 08-31 plus 6 months is 02-28 (or 29), and
 * `clamped` says it was moved back to the month's last day.
 */
export function addMonths(date: string, months: number): { date: string; clamped: boolean } {
  const [year, month, dayOfMonth] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) + months;
  const [toYear, toMonth] = [Math.floor(index / 12), (index % 12) + 1];
  const last = toMonth === 2 && leapYear(toYear) ? 29 : DAYS_IN_MONTH[toMonth - 1];
  const toDay = Math.min(dayOfMonth, last);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return { date: `${pad(toYear, 4)}-${pad(toMonth, 2)}-${pad(toDay, 2)}`, clamped: toDay !== dayOfMonth };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** 00:00 Beijing time on the first day of the month after the instant's. */
export function firstOfNextMonth(instant: Date): Date {
  return fromBeijing(inBeijing(instant).startOf('month').add(1, 'month'));
}

/** 00:00 Beijing time on the day after the instant's. */
export function startOfNextDay(instant: Date): Date {
  return fromBeijing(inBeijing(instant).startOf('day').add(1, 'day'));
}
