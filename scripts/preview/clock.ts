/**
 * The page's own clock in the browser preview. WeChat's pages read the phone's clock (`new Date()`, `Date.now()`,
 * dayjs()); the panel's clock (China time, `YYYY-MM-DDTHH:mm`) must reach them as it reaches the functions (x-now).
 * `Date` is replaced by a subclass whose no-argument constructor and `now()` answer the panel's time plus the real
 * time elapsed since it was set (or since the preview loaded): a running clock. `new Date(x)`, `Date.UTC`,
 * `Date.parse` and `instanceof Date` are the browser's. Dates are shown in the browser's time zone, as WeChat shows
 * them in the phone's: for what a phone in China shows, run the browser in Asia/Shanghai.
 */
const RealDate = Date;
const CLOCK = /^\d{4}-\d\d-\d\dT\d\d:\d\d$/;

/** Milliseconds added to the real clock; 0 = the real clock. */
let offset = 0;

/** The panel's clock as an ISO time in China (what x-now carries), or null for the real clock. */
export function chinaTime(clock: string): string | null {
  return CLOCK.test(clock) ? `${clock}:00+08:00` : null;
}

/** The panel's clock as an instant, or null for the real clock. */
export function panelInstant(clock: string): number | null {
  const iso = chinaTime(clock);
  return iso === null ? null : RealDate.parse(iso);
}

/** Sets the page's clock to the panel's (it runs on from now); an empty or invalid clock = the real clock. */
export function setPageClock(clock: string): void {
  const at = panelInstant(clock);
  offset = at === null ? 0 : at - RealDate.now();
}

/** The page's clock now, epoch ms. */
export function pageNow(): number {
  return RealDate.now() + offset;
}

/** The browser's time zone (IANA name) and whether it is China's (UTC+8 all year). */
export function browserZone(): { name: string; china: boolean } {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  const china = [new RealDate(2026, 0, 15), new RealDate(2026, 6, 15)].every((d) => d.getTimezoneOffset() === -480);
  return { name, china };
}

class PageDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...(args as [string]));
  }

  static override now(): number {
    return RealDate.now() + offset;
  }
}

let installed = false;

/** Replaces the global `Date` (before any page module runs) and starts it on the panel's clock. */
export function installPageClock(clock: string): void {
  setPageClock(clock);
  if (installed) return;
  installed = true;
  globalThis.Date = PageDate as DateConstructor;
}
