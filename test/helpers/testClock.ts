/**
 * No test reads the machine's date. Every node and page test runs on this clock (jest `setupFiles`): the global
 * `Date` starts at TEST_NOW and runs on (scripts/shiftedDate.ts, the same shifted `Date` the browser preview
 * gives its pages), and every call to the local cloud carries it as x-now unless the test names an instant.
 * A test where "now" matters sets it with `setTestClock`; the page harness's `setClock` is this one clock.
 */
import { runClockFrom } from '../../scripts/shiftedDate';

/** A Thursday, a working day in Beijing, late in the month the tests were written in. */
export const TEST_NOW = '2026-11-26T10:00:00+08:00';

/** Runs the test's `Date` (and so the x-now of its cloud calls) from `iso` on; undefined = TEST_NOW. */
export function setTestClock(iso: string = TEST_NOW): void {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) throw new Error(`not an instant: ${iso}`);
  runClockFrom(instant);
}

setTestClock();
