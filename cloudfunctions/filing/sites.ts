import type { FilingResponses, SettlementSiteView } from '../core/contracts/filing';
import { type filingRequest } from '../core/contracts/filing';
import { type Listed, SEARCH_FIELDS } from '../core/documents/searchable';
import type { SettlementSiteDoc } from '../core/documents/settlementSite';
import { collection } from '../core/platform/collection';
import type { ActionsFor } from '../core/platform/handler';
import { keywordWhere } from '../core/platform/keywordWhere';
import { nearestPage } from '../core/platform/nearestPage';
import { getDb } from '../core/platform/sdk';
import type { SettlementKind } from '../core/policies/schema';
import { kindsText, settlesOf } from '../core/rules/filingChecks';
import { keywordQuery } from '../core/rules/searchTokens';
import { destinationOf } from './submit';
import { filingPolicyOf } from './views';

/** 跨省联网定点医药机构 of a destination: how many settle directly the care the filing covers, and a search. */

/** A site as read for showing (no search fields), with its distance when nearest first. */
type Found = Listed<SettlementSiteDoc> & { distance?: number };

export const siteView = (d: Found): SettlementSiteView => ({
  code: d.code,
  name: d.name,
  level: d.level,
  address: d.address,
  settles: d.settles,
  settlesText: kindsText(d.settles, ' · '),
  sample: d.sample,
  distanceMeters: d.distance === undefined ? null : Math.round(d.distance),
});

/** The kinds a request asks about: one kind, the type's (of the insured city's policy), or any. */
function kindsOf(req: { kind?: SettlementKind; cityCode?: string; typeCode?: string }): SettlementKind[] {
  if (req.kind) return [req.kind];
  if (req.cityCode && req.typeCode) {
    const type = filingPolicyOf(req.cityCode).policy.types.find((t) => t.serviceCode === req.typeCode);
    if (type) return settlesOf(type);
  }
  return settlesOf({});
}

/** A page in code order, or nearest first from `near` (through the 2dsphere index, as institution search). */
async function page(
  where: Record<string, unknown>,
  req: { near?: { latitude: number; longitude: number }; offset: number; limit: number },
): Promise<Found[]> {
  const coll = collection('settlement_sites');
  if (!req.near)
    return coll.where(where).omit(SEARCH_FIELDS).orderBy('code', 'asc').skip(req.offset).limit(req.limit).get();
  return nearestPage(coll, where, { ...req, near: req.near });
}

export const siteActions = {
  /** One round trip: the count and the page are read together, both through an index (city+settles, or tokens). */
  async sites(req): Promise<FilingResponses['sites']> {
    const _ = getDb().command;
    const destination = destinationOf(req);
    const kinds = kindsOf(req);
    const base = { cityCode: destination.cityCode, settles: kinds.length === 1 ? kinds[0] : _.in(kinds) };
    const keyword = req.keyword ? keywordQuery(req.keyword) : null;
    const where = keyword ? keywordWhere(base, keyword) : base;
    const coll = collection('settlement_sites');
    const [counted, rows] = await Promise.all([coll.where(where).count(), page(where, req)]);
    const sample = rows.some((r) => r.sample);
    const all = kinds.length === 3;
    const what = all ? '跨省联网定点医药机构' : `可直接结算${kindsText(kinds)}的医药机构`;
    return {
      cityName: destination.name,
      kinds,
      headline: `${destination.name} ${what} ${counted.total} 家${sample ? '（示例数据，不是真实名单）' : ''}`,
      total: counted.total,
      items: rows.map(siteView),
      nextOffset: req.offset + rows.length < counted.total ? req.offset + rows.length : null,
      sample,
    };
  },
} satisfies ActionsFor<typeof filingRequest>;
