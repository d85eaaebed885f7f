import { type InstitutionDoc } from '../core/documents/institution';
import { SEARCH_FIELDS } from '../core/documents/searchable';
import { collection } from '../core/platform/collection';
import { getDb } from '../core/platform/sdk';
import { keywordWhere } from '../core/platform/keywordWhere';
import { nearestPage } from '../core/platform/nearestPage';
import { type KeywordQuery, fold } from '../core/rules/searchTokens';
import type { Place } from './loaders';

export type Found = Place & { distance?: number };

/** No keyword, or nearest first: one indexed query (geoNear from the point outward, or the 镇街/code order). */
export async function plainPage(
  base: Record<string, unknown>,
  keyword: KeywordQuery | null,
  req: { near?: { latitude: number; longitude: number }; offset: number; limit: number },
) {
  const where = keyword ? keywordWhere(base, keyword) : base;
  const coll = collection('institutions');
  const counted = (await coll.where(where).count()) as { total: number };
  if (!req.near) {
    const rows: Found[] = await coll
      .where(where)
      .omit(SEARCH_FIELDS)
      .orderBy('town', 'asc')
      .orderBy('code', 'asc')
      .skip(req.offset)
      .limit(req.limit)
      .get();
    return { rows, total: counted.total };
  }
  return { rows: await nearestPage(coll, where, { ...req, near: req.near }), total: counted.total };
}

/**
 * A keyword search, ranked: the institution whose code is the keyword, then those whose name (or its 拼音)
 * starts with it, then the rest; each tier by code (the _id). Every query goes through the token index; the tiers'
 * sizes come from two counts, so a page reads only the tiers it shows.
 */
export async function rankedPage(base: Record<string, unknown>, keyword: KeywordQuery, offset: number, limit: number) {
  const db = getDb();
  const _ = db.command;
  const coll = collection('institutions');
  const matches = (d: InstitutionDoc) =>
    Object.entries(base).every(([k, v]) => (d as unknown as Record<string, unknown>)[k] === v);
  const [all, starts, byCode] = await Promise.all([
    coll.where(keywordWhere(base, keyword)).count() as Promise<{ total: number }>,
    coll.where(keywordWhere(base, keyword, [keyword.prefix])).count() as Promise<{ total: number }>,
    // Codes are stored as published, the keyword folded to upper case: both spellings are looked up.
    keyword.code
      ? coll
          .where({ _id: _.in([...new Set([keyword.code, keyword.code.toLowerCase()])]) })
          .limit(2)
          .get()
      : Promise.resolve([]),
  ]);
  const exact = byCode.find((d) => matches(d) && fold(d.code) === keyword.code) ?? null;
  const exactStarts = !!exact && exact.tokens.includes(keyword.prefix);
  const notExact = exact ? { _id: _.neq(exact._id) } : {};
  const tiers: Array<{ size: number; fetch: (skip: number, take: number) => Promise<Found[]> }> = [
    { size: exact ? 1 : 0, fetch: async () => (exact ? [exact] : []) },
    {
      size: starts.total - (exactStarts ? 1 : 0),
      fetch: (skip, take) =>
        coll
          .where(_.and([keywordWhere(base, keyword, [keyword.prefix]), notExact]))
          .omit(SEARCH_FIELDS)
          .orderBy('_id', 'asc')
          .skip(skip)
          .limit(take)
          .get(),
    },
    {
      size: all.total - starts.total - (exact && !exactStarts ? 1 : 0),
      fetch: (skip, take) =>
        coll
          .where(_.and([keywordWhere(base, keyword), { tokens: _.nin([keyword.prefix]) }, notExact]))
          .omit(SEARCH_FIELDS)
          .orderBy('_id', 'asc')
          .skip(skip)
          .limit(take)
          .get(),
    },
  ];
  const rows: Found[] = [];
  let skip = offset;
  for (const tier of tiers) {
    if (rows.length >= limit) break;
    if (skip >= tier.size) {
      skip -= tier.size;
      continue;
    }
    rows.push(...(await tier.fetch(skip, Math.min(limit - rows.length, tier.size - skip))));
    skip = 0;
  }
  return { rows, total: all.total };
}
