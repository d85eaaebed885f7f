import { weekday } from './beijingTime';

/**
 * One year's official working calendar (the State Council's yearly notice): public holidays that fall on
 * working days are listed as holidays, make-up working days (调休) on a weekend as workdays.
 */
export interface YearCalendar {
  year: number;
  holidays: string[];
  workdays: string[];
  source: string;
}

export class WorkCalendar {
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  private readonly years = new Set<number>();

  constructor(years: readonly YearCalendar[]) {
    for (const y of years) {
      this.years.add(y.year);
      y.holidays.forEach((d) => this.holidays.add(d));
      y.workdays.forEach((d) => this.workdays.add(d));
    }
  }

  /** Whether the year's notice is in the data; otherwise its days are estimated from weekends alone. */
  covers(date: string): boolean {
    return this.years.has(Number(date.slice(0, 4)));
  }

  isWorkday(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }
}

/** Overrides (a year's notice loaded as data) replace the library's year of the same number. */
export function mergeYears(base: readonly YearCalendar[], overrides: readonly YearCalendar[]): YearCalendar[] {
  const byYear = new Map(base.map((y) => [y.year, y] as const));
  overrides.forEach((y) => byYear.set(y.year, y));
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
