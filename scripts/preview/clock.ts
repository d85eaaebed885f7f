/**
 * The page's own clock in the browser preview. WeChat's pages read the phone's clock (`new Date()`, `Date.now()`,
 * dayjs()); the panel's clock (China time, `YYYY-MM-DDTHH:mm`) must reach them as it reaches the functions (x-now).
 * `Date` runs from the panel's time (../shiftedDate.ts), from when it was set or the preview loaded. Dates are
 * shown in the browser's time zone, as WeChat shows them in the phone's: for what a phone in China shows, run
 * the browser in Asia/Shanghai.
 */
import { runClockFrom } from '../shiftedDate';

const CLOCK = /^\d{4}-\d\d-\d\dT\d\d:\d\d$/;

/** The panel's clock as an ISO time in China (what x-now carries), or null for the real clock. */
export function chinaTime(clock: string): string | null {
  return CLOCK.test(clock) ? `${clock}:00+08:00` : null;
}

/** Sets the page's clock to the panel's (it runs on from now); an empty or invalid clock = the real clock. */
export function setPageClock(clock: string): void {
  const iso = chinaTime(clock);
  runClockFrom(iso === null ? null : Date.parse(iso));
}

/** The browser's time zone (IANA name) and whether it is China's (UTC+8 all year). */
export function browserZone(): { name: string; china: boolean } {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  const china = [new Date(2026, 0, 15), new Date(2026, 6, 15)].every((d) => d.getTimezoneOffset() === -480);
  return { name, china };
}
