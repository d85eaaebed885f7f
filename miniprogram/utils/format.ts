/** An instant from the server, shown as Beijing wall time: 2026-11-24 17:20. Display only. */
export function beijingDateTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** Today's date in Beijing, 'YYYY-MM-DD' (a default for pickers; the server decides what is acceptable). */
export function beijingToday(): string {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}
