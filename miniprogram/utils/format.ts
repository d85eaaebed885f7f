/** An instant from the server, shown as Beijing wall time: 2026-11-24 17:20. Display only. */
export function beijingDateTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** Today's date in Beijing, 'YYYY-MM-DD' (a default for pickers; the server decides what is acceptable). */
export function beijingToday(): string {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

/** A distance as a person reads it: 350 米, 2.4 公里; '' when there is none. */
export function distanceText(m: number | null): string {
  if (m === null) return '';
  return m < 1000 ? `${m} 米` : `${(m / 1000).toFixed(1)} 公里`;
}
