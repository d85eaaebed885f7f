/**
 * The global `Date` running from a chosen instant: its no-argument constructor and `now()` answer that instant
 * plus the real time elapsed since it was chosen; `new Date(x)`, `Date.UTC`, `Date.parse` and `instanceof Date`
 * are unchanged. The local cloud's function instances run on a request's x-now this way, and the browser
 * preview's pages on the panel's clock.
 */
const RealDate = Date;
/** Milliseconds ahead of the real clock. */
let offset = 0;

class ShiftedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...(args as [string]));
  }

  static override now(): number {
    return RealDate.now() + offset;
  }
}

/** Installs the shifted `Date` (if not yet) and runs it from `instant` (epoch ms); null = the real clock. */
export function runClockFrom(instant: number | null): void {
  offset = instant === null ? 0 : instant - RealDate.now();
  globalThis.Date = ShiftedDate as DateConstructor;
}
