/** Search input as people type it: full-width letters/digits folded (NFKC), spaces dropped. */
export function normaliseKeyword(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regular expression source matching the keyword literally, where each ASCII character also matches its
 * full-width form (stored names write 「（零星）」, people type 「(零星)」 and the other way round).
 */
export function tolerantPattern(keyword: string): string {
  return [...normaliseKeyword(keyword)]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      if (code < 0x21 || code > 0x7e) return escapeRegExp(ch);
      return `[${escapeRegExp(ch)}${String.fromCharCode(code + 0xfee0)}]`;
    })
    .join('');
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
export function weekdayName(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
}
