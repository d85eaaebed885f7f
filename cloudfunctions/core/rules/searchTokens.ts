/**
 * Search tokens for institutions: what is stored with each institution (`tokens`, an array field with an
 * index) and what a typed keyword asks for (`$all` of its tokens). The same query shape runs on CloudBase
 * (array indexes) and in the local cloud (a multikey index), so a search reads only what it answers.
 *
 * Stored, all folded (NFKC, no spaces, upper case):
 * - the name's characters (Han only) and every 2-character gram of it;
 * - 拼音 (written by institutionDoc.ts with pinyin-pro): from each character, prefixes of the full spelling
 *   that follows it (`XIE`, `XIEHE`…) and of the initials (`XH`, `XHY`…), at fixed lengths;
 * - the code's prefixes at the same lengths;
 * - `^`-marked prefixes of the name and of its spelling: "the name starts with", for ranking.
 * A typed keyword becomes the 2-grams of its text, or — all letters, digits and hyphens — one prefix token
 * of the longest stored length; what a prefix token cannot pin exactly (a longer keyword) is checked by a
 * regular expression on the candidates only.
 */

/** Bumped when the stored search fields change: documents of an older version need a re-import (the tool does it). */
export const SEARCH_VERSION = 3;

/** Lengths at which spellings and codes are stored as prefixes (a keyword uses the longest that fits). */
export const PREFIX_LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12] as const;
/** Lengths of initials runs (`XH` for 协和). */
export const INITIALS_LENGTHS = [2, 3, 4] as const;
/** Name prefixes stored for "name starts with" (characters). */
export const NAME_PREFIX_CHARS = 6;

/** As people type and as names are published: full-width folded (NFKC), spaces dropped, upper case. */
export function fold(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

const HAN = /\p{Script=Han}/u;
const SPELLABLE = /^[A-Z0-9]+$/;
const CODE_LIKE = /^[A-Z0-9-]+$/;

export interface KeywordQuery {
  /** Every one must be among an institution's tokens. */
  tokens: string[];
  /** Added to `tokens` for "the name (or its spelling) starts with the keyword". */
  prefix: string;
  /** Set when the tokens only approximate the keyword: check this folded text on the candidates. */
  verify: string | null;
  /** The keyword could be an institution code (exact code ranks first). */
  code: string | null;
}

function longestPrefix(text: string): string {
  let best = 0;
  for (const n of PREFIX_LENGTHS) if (n <= text.length) best = n;
  return text.slice(0, best);
}

/** What a typed keyword asks for; null when nothing searchable is left. */
export function keywordQuery(keyword: string): KeywordQuery | null {
  const q = fold(keyword);
  if (!q) return null;
  if (CODE_LIKE.test(q)) {
    const token = longestPrefix(q);
    return { tokens: [token], prefix: `^${token}`, verify: token === q ? null : q, code: q.length >= 3 ? q : null };
  }
  const chars = [...q];
  const grams = chars.length === 1 ? [q] : [...new Set(chars.slice(1).map((c, i) => chars[i] + c))];
  return { tokens: grams, prefix: `^${chars.slice(0, NAME_PREFIX_CHARS).join('')}`, verify: null, code: null };
}

/**
 * The tokens of an institution, given its name's spelling per character (`spell(name)`: pinyin for Han
 * characters, other characters as they are — pinyin-pro's array form).
 */
export function institutionTokens(
  name: string,
  code: string,
  spellOf: (text: string) => string[],
): { tokens: string[]; spell: string } {
  const tokens = new Set<string>();
  const chars = [...fold(name)];
  for (const c of chars) if (HAN.test(c)) tokens.add(c);
  for (let i = 1; i < chars.length; i += 1) tokens.add(chars[i - 1] + chars[i]);
  for (let n = 1; n <= Math.min(NAME_PREFIX_CHARS, chars.length); n += 1) tokens.add(`^${chars.slice(0, n).join('')}`);
  const syllables = spellOf(chars.join(''))
    .map((s) => fold(s))
    .filter((s) => SPELLABLE.test(s));
  const initials = syllables.map((s) => s[0]).join('');
  for (let i = 0; i < syllables.length; i += 1) {
    const rest = syllables.slice(i).join('');
    for (const n of PREFIX_LENGTHS) if (n <= rest.length) tokens.add(rest.slice(0, n));
    for (const n of INITIALS_LENGTHS) if (i + n <= initials.length) tokens.add(initials.slice(i, i + n));
    if (i === 0) {
      for (const n of PREFIX_LENGTHS) if (n <= rest.length) tokens.add(`^${rest.slice(0, n)}`);
      for (const n of INITIALS_LENGTHS) if (n <= initials.length) tokens.add(`^${initials.slice(0, n)}`);
    }
  }
  const folded = fold(code);
  for (const n of PREFIX_LENGTHS) if (n <= folded.length) tokens.add(folded.slice(0, n));
  return { tokens: [...tokens], spell: `${syllables.join('')}|${initials}` };
}
