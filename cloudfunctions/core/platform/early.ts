/**
 * A read started now and awaited later. Reads that do not depend on each other then share one database round
 * trip (on CloudBase each call is a network hop), while their answers — refusals included — are still taken in
 * the order the code awaits them, so a caller is told what they would have been told one read at a time.
 */
export function early<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined); // handled where it is awaited; this only keeps Node from calling it unhandled
  return read;
}
