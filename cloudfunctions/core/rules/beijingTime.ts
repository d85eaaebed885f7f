/** Beijing time (UTC+8, no daylight saving) computed from instants, never from the host's time zone. */
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** 'YYYY-MM-DD' of the Beijing calendar day containing the instant. */
export function beijingDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** ISO 8601 with +08:00, e.g. 2026-11-24T09:30:00+08:00. */
export function toBeijingIso(instant: Date): string {
  const shifted = new Date(instant.getTime() + OFFSET_MS).toISOString();
  const millis = shifted.slice(19, 23) === '.000' ? '' : shifted.slice(19, 23);
  return `${shifted.slice(0, 19)}${millis}+08:00`;
}

/** The calendar day after `date` ('YYYY-MM-DD'), across month and year ends. */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, for a calendar date. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The last moment of a Beijing calendar day, as the instant a "by the end of the day" limit means. */
export function endOfBeijingDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + DAY_MS - 1000);
}

/** A real calendar date ('YYYY-MM-DD'): 2026-02-30 is not. */
export function isDate(date: string): boolean {
  if (!/^\d{4}-\d\d-\d\d$/.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
