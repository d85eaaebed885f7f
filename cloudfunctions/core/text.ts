/** Search input as people type it: full-width letters/digits folded (NFKC), spaces dropped. */
export function normaliseKeyword(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
export function weekdayName(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
}
