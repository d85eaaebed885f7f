import chineseDays from 'chinese-days/dist/chinese-days.json';
import type { YearCalendar } from './calendar';

/** The maintained `chinese-days` package's data, grouped by year. Updating the package updates the calendar. */
export function libraryCalendar(): YearCalendar[] {
  const years = new Map<number, YearCalendar>();
  const yearOf = (date: string) => {
    const year = Number(date.slice(0, 4));
    if (!years.has(year)) years.set(year, { year, holidays: [], workdays: [], source: 'chinese-days' });
    return years.get(year)!;
  };
  Object.keys(chineseDays.holidays).forEach((d) => yearOf(d).holidays.push(d));
  Object.keys(chineseDays.workdays).forEach((d) => yearOf(d).workdays.push(d));
  return [...years.values()].sort((a, b) => a.year - b.year);
}
