import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import {
  addDays,
  addMonths,
  beijingDate,
  endOfBeijingDay,
  firstOfNextMonth,
  isDate,
  nextDate,
  startOfNextDay,
  toBeijingIso,
  weekday,
} from '../../cloudfunctions/core/rules/beijingTime';
import { WorkCalendar, mergeYears } from '../../cloudfunctions/core/rules/calendar';
import { dueFor } from '../../cloudfunctions/core/rules/deadline';
import { libraryCalendar } from '../../cloudfunctions/core/rules/libraryCalendar';

const calendar = new WorkCalendar(libraryCalendar());
const days = (n: number) => ({ kind: 'workingDays' as const, days: n });
const due = (submitted: string, n: number, cal = calendar) => dueFor(days(n), new Date(submitted), cal);

describe('Beijing time helpers', () => {
  it('takes the Beijing calendar day, not the UTC one', () => {
    expect(beijingDate(new Date('2026-11-26T15:59:59Z'))).toBe('2026-11-26');
    expect(beijingDate(new Date('2026-11-26T16:00:00Z'))).toBe('2026-11-27');
  });
  it('steps over month, year and leap-day ends', () => {
    expect(nextDate('2026-01-31')).toBe('2026-02-01');
    expect(nextDate('2026-12-31')).toBe('2027-01-01');
    expect(nextDate('2028-02-28')).toBe('2028-02-29');
    expect(nextDate('2027-02-28')).toBe('2027-03-01');
    expect(nextDate('2100-02-28')).toBe('2100-03-01');
    expect(addMonths('2100-01-31', 1)).toEqual({ date: '2100-02-28', clamped: true });
    expect(addMonths('2400-01-31', 1)).toEqual({ date: '2400-02-29', clamped: true });
    expect(addMonths('2026-08-31', 6)).toEqual({ date: '2027-02-28', clamped: true });
  });
  it('agrees with dayjs on every day from 2000 to 2050: dates of instants, weekdays, days and months added, ends of days', () => {
    dayjs.extend(utc);
    // Beijing's wall clock as dayjs in UTC mode; dayjs's utcOffset(480) goes through the host's zone and is an
    // hour off on its daylight-saving days (jest runs in Los Angeles). Instants come back 8 hours earlier.
    const HOURS_8 = 8 * 3_600_000;
    const beijing = (ms: number) => dayjs.utc(ms + HOURS_8);
    const china = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
    const mismatches: string[] = [];
    for (let ms = Date.UTC(2000, 0, 1); ms < Date.UTC(2051, 0, 1); ms += 86_400_000) {
      const day = beijing(ms);
      const date = day.format('YYYY-MM-DD');
      // The last second of the Beijing day before, and the first of this one.
      for (const at of [ms - 8 * 3_600_000 - 1000, ms - 8 * 3_600_000])
        if (
          beijingDate(new Date(at)) !== beijing(at).format('YYYY-MM-DD') ||
          beijingDate(new Date(at)) !== china.format(at)
        )
          mismatches.push(`date of ${at}`);
      if (weekday(date) !== day.day()) mismatches.push(`weekday ${date}`);
      for (const n of [1, -1, 400])
        if (addDays(date, n) !== day.add(n, 'day').format('YYYY-MM-DD')) mismatches.push(`${date} + ${n}`);
      for (const n of [1, 6, -13]) {
        const to = day.add(n, 'month');
        const want = { date: to.format('YYYY-MM-DD'), clamped: to.date() !== day.date() };
        if (JSON.stringify(addMonths(date, n)) !== JSON.stringify(want)) mismatches.push(`${date} + ${n} months`);
      }
      if (!isDate(date)) mismatches.push(`not a date: ${date}`);
      if (endOfBeijingDay(date).getTime() !== day.endOf('day').millisecond(0).valueOf() - HOURS_8)
        mismatches.push(`end ${date}`);
      const noon = new Date(ms + 4 * 3_600_000);
      if (startOfNextDay(noon).getTime() !== day.startOf('day').add(1, 'day').valueOf() - HOURS_8)
        mismatches.push(`day after ${date}`);
      if (firstOfNextMonth(noon).getTime() !== day.startOf('month').add(1, 'month').valueOf() - HOURS_8)
        mismatches.push(`month after ${date}`);
      const instant = new Date(ms + (ms % 7) * 3_600_000 + (ms % 3) * 125);
      const iso = beijing(instant.getTime()).format(
        instant.getUTCMilliseconds() ? 'YYYY-MM-DDTHH:mm:ss.SSS[+08:00]' : 'YYYY-MM-DDTHH:mm:ss[+08:00]',
      );
      if (toBeijingIso(instant) !== iso) mismatches.push(`iso ${instant.toISOString()}`);
    }
    expect(mismatches).toEqual([]);
  });
  it('knows which texts are not dates', () => {
    for (const text of [
      '2026-02-29',
      '2100-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-2-01',
      '20260201',
      '',
    ])
      expect([text, isDate(text)]).toEqual([text, false]);
    expect(isDate('2028-02-29')).toBe(true);
  });
  it('prints instants with +08:00', () => {
    expect(toBeijingIso(new Date('2026-11-24T01:30:00Z'))).toBe('2026-11-24T09:30:00+08:00');
    expect(toBeijingIso(new Date('2026-11-24T01:30:00.250Z'))).toBe('2026-11-24T09:30:00.250+08:00');
  });
});

describe('the 2026 calendar from chinese-days matches the State Council notice (docs/policy.md §4)', () => {
  it.each([
    '2026-01-01',
    '2026-02-16',
    '2026-02-23',
    '2026-04-06',
    '2026-05-05',
    '2026-06-19',
    '2026-09-25',
    '2026-10-07',
  ])('%s is a holiday', (d) => expect(calendar.isWorkday(d)).toBe(false));
  it.each(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])(
    '%s is a make-up working day (调休)',
    (d) => expect(calendar.isWorkday(d)).toBe(true),
  );
  it('knows 2026 and not 2027 (the 2027 notice is not in the data yet)', () => {
    expect(calendar.covers('2026-12-31')).toBe(true);
    expect(calendar.covers('2027-01-01')).toBe(false);
  });
});

describe('dueFor: N working days after the day of submission, due at 24:00 Beijing', () => {
  it('即时办结 is due the moment it is submitted', () => {
    expect(dueFor({ kind: 'immediate' }, new Date('2026-11-24T02:00:00Z'), calendar)).toEqual({
      dueDate: '2026-11-24',
      dueAt: '2026-11-24T10:00:00+08:00',
      estimated: false,
    });
  });
  it('has no due date where the source fixes no limit', () => {
    expect(dueFor({ kind: 'none' }, new Date(), calendar)).toBeNull();
  });
  it('does not count the day of submission, even at 08:00 on a working day', () => {
    expect(due('2026-11-24T08:00:00+08:00', 1)).toMatchObject({
      dueDate: '2026-11-25',
      dueAt: '2026-11-25T23:59:59+08:00',
    });
  });
  it('skips 国庆 and counts the 10-10 Saturday make-up day', () => {
    // 10-08 Thu, 10-09 Fri, 10-10 Sat (调休), 10-12 Mon, 10-13 Tue
    expect(due('2026-09-30T10:00:00+08:00', 5)).toMatchObject({ dueDate: '2026-10-13', estimated: false });
  });
  it('skips 春节 and counts the 02-14 Saturday make-up day', () => {
    // 02-14 Sat (调休), holiday to 02-23, then 24, 25, 26, 27
    expect(due('2026-02-13T17:00:00+08:00', 5)).toMatchObject({ dueDate: '2026-02-27' });
  });
  it('counts from the Beijing date when UTC is still the day before', () => {
    // 2026-11-26T16:30Z is Friday 27 Nov 00:30 in Beijing: counting starts Monday 30 Nov.
    expect(due('2026-11-26T16:30:00Z', 5)?.dueDate).toBe('2026-12-04');
    expect(due('2026-11-26T15:30:00Z', 5)?.dueDate).toBe('2026-12-03');
  });
  it('counts a submission on a non-working day from the day after the next working day (受理), not from that day', () => {
    // Saturday 2026-11-28: 受理 Monday 11-30 (not counted), so 1 working day is Tuesday 12-01.
    expect(due('2026-11-28T10:00:00+08:00', 1)).toMatchObject({ dueDate: '2026-12-01', estimated: false });
    // Sunday 2026-11-29, 5 working days: 受理 Monday 11-30, then 12-01 … 12-07.
    expect(due('2026-11-29T21:00:00+08:00', 5)?.dueDate).toBe('2026-12-07');
    // 国庆 10-03: 受理 Thursday 10-08, then 10-09, 10-10 (Sat, 调休), 10-12, 10-13, 10-14.
    expect(due('2026-10-03T09:00:00+08:00', 5)?.dueDate).toBe('2026-10-14');
  });
  it('treats a make-up Saturday (调休) as a working day of 受理', () => {
    expect(due('2026-10-10T09:00:00+08:00', 1)?.dueDate).toBe('2026-10-12');
  });
  it('crosses a leap day', () => {
    expect(due('2024-02-28T09:00:00+08:00', 2)).toMatchObject({ dueDate: '2024-03-01', estimated: false });
  });
  it('marks a due date in a year without a published calendar as estimated (weekends only)', () => {
    expect(due('2026-12-31T09:00:00+08:00', 1)).toMatchObject({ dueDate: '2027-01-01', estimated: true });
    expect(due('2026-12-21T09:00:00+08:00', 5)).toMatchObject({ dueDate: '2026-12-28', estimated: false });
  });
  it('uses a year loaded as data in place of the estimate, without a code change', () => {
    const with2027 = new WorkCalendar(
      mergeYears(libraryCalendar(), [{ year: 2027, holidays: ['2027-01-01'], workdays: [], source: 'test notice' }]),
    );
    expect(due('2026-12-31T09:00:00+08:00', 1, with2027)).toMatchObject({ dueDate: '2027-01-04', estimated: false });
  });
  it('counts 30 working days across a month end', () => {
    const result = due('2026-11-02T09:00:00+08:00', 30);
    expect(result?.dueDate).toBe('2026-12-14');
  });
});
