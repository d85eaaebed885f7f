/**
 * What makes a stored place findable — by name, 拼音 and code (searchTokens.ts), and by distance where it has
 * coordinates: the 定点 institutions and the 跨省联网 settlement sites alike. `_id` is the place's code.
 */
export interface Searchable {
  _id: string;
  /** Name and code folded for search (NFKC, no spaces, upper case): checked on candidates only. */
  search: string;
  /** Search tokens (core/rules/searchTokens.ts), with a multikey index: what a keyword search uses. */
  tokens: string[];
  /** Full 拼音 and initials of the name, folded: checked on candidates for a keyword longer than a token. */
  spell: string;
  searchVersion: number;
  /** A GeoJSON point for geoNear; absent where the published list gives no coordinates (never in "nearest"). */
  location?: { type: 'Point'; coordinates: [number, number] };
}

/**
 * The fields only the database's search uses (a place's tokens alone are hundreds of strings): lists, details
 * and checks read places without them, so an answer carries what is shown (a search page of 20 was ~5× larger).
 */
export const SEARCH_FIELDS = ['tokens', 'spell', 'search'] as const;
/** A place as read for showing: without its search fields. */
export type Listed<T extends Searchable> = Omit<T, (typeof SEARCH_FIELDS)[number]>;
