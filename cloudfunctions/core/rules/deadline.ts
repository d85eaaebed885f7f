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
 * docs/policy.md §4: the day of submission is not counted; the item is due by the end (24:00 Beijing) of the Nth
 * working day after it. 即时办结 is due the moment it is submitted. Returns null where no limit is fixed.
 */
export function dueFor(limit: TimeLimit, submittedAt: Date, calendar: WorkCalendar): Due | null {
  const start = beijingDate(submittedAt);
  if (limit.kind === 'none') return null;
  if (limit.kind === 'immediate') {
    return { dueDate: start, dueAt: toBeijingIso(submittedAt), estimated: false };
  }
  let date = start;
  let counted = 0;
  let estimated = false;
  // Bounded whatever the calendar says: no run of N working days is longer than this many calendar days.
  for (let steps = 0; counted < limit.days; steps += 1) {
    if (steps > limit.days * 7 + 60) throw new Error('working-day count did not end');
    date = nextDate(date);
    if (!calendar.covers(date)) estimated = true;
    if (calendar.isWorkday(date)) counted += 1;
  }
  return { dueDate: date, dueAt: toBeijingIso(endOfBeijingDay(date)), estimated };
}
