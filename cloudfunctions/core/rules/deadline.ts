import { beijingDate, endOfBeijingDay, nextDate, toBeijingIso } from './beijingTime';
import type { WorkCalendar } from './calendar';

export type TimeLimit =
  | { kind: 'immediate' }
  | { kind: 'workingDays'; days: number }
  /** The source sets no fixed limit (e.g. "按协议执行") or gives none. */
  | { kind: 'none' };

export interface Due {
  dueDate: string;
  dueAt: string;
  /** True when a counted day lies in a year whose official calendar is not in the data yet. */
  estimated: boolean;
}

/**
 * docs/policy.md §4: the day of 受理 is not counted; the item is due by the end (24:00 Beijing) of the Nth working
 * day after it. A submission on a working day is 受理 that day; one on a non-working day (an online filing on a
 * Saturday) is 受理 on the next working day (行政许可法 §42/§82, 民法典 §201). 即时办结 is due the moment it is
 * submitted. Returns null where no limit is fixed.
 */
export function dueFor(limit: TimeLimit, submittedAt: Date, calendar: WorkCalendar): Due | null {
  const start = beijingDate(submittedAt);
  if (limit.kind === 'none') return null;
  if (limit.kind === 'immediate') {
    return { dueDate: start, dueAt: toBeijingIso(submittedAt), estimated: false };
  }
  let date = start;
  let counted = 0;
  let estimated = !calendar.covers(date);
  // 受理: the first working day from the day of submission on.
  for (let steps = 0; !calendar.isWorkday(date); steps += 1) {
    if (steps > 60) throw new Error('no working day found for 受理');
    date = nextDate(date);
    if (!calendar.covers(date)) estimated = true;
  }
  // Bounded whatever the calendar says: no run of N working days is longer than this many calendar days.
  for (let steps = 0; counted < limit.days; steps += 1) {
    if (steps > limit.days * 7 + 60) throw new Error('working-day count did not end');
    date = nextDate(date);
    if (!calendar.covers(date)) estimated = true;
    if (calendar.isWorkday(date)) counted += 1;
  }
  return { dueDate: date, dueAt: toBeijingIso(endOfBeijingDay(date)), estimated };
}
