import type { CatalogResponses } from '../core/contracts/catalog';
import { type catalogRequest } from '../core/contracts/catalog';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import { getDb } from '../core/platform/sdk';
import { CITIES, cityByCode } from '../core/policies';
import { normaliseKeyword, tolerantPattern } from '../core/rules/searchText';

import { findItem } from './loaders';
const SUMMARY_FIELDS = {
  code: true,
  officialCode: true,
  name: true,
  category: true,
  online: true,
  flow: true,
  timeLimit: true,
};

import type { ActionsFor } from '../core/platform/handler';

/** The 办事指南: the cities, their service items, one item. */
export const serviceActions = {
  async cities(): Promise<CatalogResponses['cities']> {
    return {
      cities: CITIES.map(({ code, name, province, schemes, flows, channels, phones, phoneNote, sources }) => ({
        code,
        name,
        province,
        schemes,
        flows,
        channels,
        phones,
        phoneNote,
        sources,
      })),
    };
  },

  async services(req): Promise<CatalogResponses['services']> {
    if (!cityByCode(req.cityCode))
      throw new DomainError('UNKNOWN_CITY', '暂不支持这个城市，请在首页切换到已开通的城市。');
    const db = getDb();
    const keyword = req.keyword ? normaliseKeyword(req.keyword) : '';
    const where: Record<string, unknown> = { cityCode: req.cityCode };
    if (keyword) where.name = db.RegExp({ regexp: tolerantPattern(keyword), options: 'i' });
    const coll = collection('services');
    const [rows, counted] = await Promise.all([
      coll.where(where).orderBy('code', 'asc').skip(req.offset).limit(req.limit).field(SUMMARY_FIELDS).get(),
      coll.where(where).count() as Promise<{ total: number }>,
    ]);
    const items = rows.map(({ timeLimit, _id, ...rest }) => ({ ...rest, timeLimitText: timeLimit.text }));
    return { items, total: counted.total, offset: req.offset, hasMore: req.offset + items.length < counted.total };
  },

  async service(req): Promise<CatalogResponses['service']> {
    return { item: await findItem(req.code) };
  },
} satisfies ActionsFor<typeof catalogRequest>;
