import chineseDays from 'chinese-days/dist/chinese-days.json';
import type { YearCalendar } from './calendar';

let years: readonly YearCalendar[] | null = null;

/**
 * The maintained `chinese-days` package's data, grouped by year (once per instance: the data is bundled and
 * does not change while it runs). Updating the package updates the calendar.
 */
export function libraryCalendar(): readonly YearCalendar[] {
  return (years ??= group());
}

function group(): YearCalendar[] {
  const byYear = new Map<number, YearCalendar>();
  const yearOf = (date: string) => {
    const year = Number(date.slice(0, 4));
    if (!byYear.has(year)) byYear.set(year, { year, holidays: [], workdays: [], source: 'chinese-days' });
    return byYear.get(year)!;
  };
  Object.keys(chineseDays.holidays).forEach((d) => yearOf(d).holidays.push(d));
  Object.keys(chineseDays.workdays).forEach((d) => yearOf(d).workdays.push(d));
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
