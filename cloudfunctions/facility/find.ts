import type { FacilityResponses } from '../core/contracts/facility';
import { type facilityRequest } from '../core/contracts/facility';
import { TYPE_LABELS } from '../core/documents/institution';
import { DomainError } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { cityByCode } from '../core/policies';
import { keywordQuery } from '../core/rules/searchTokens';
import { filtersOf, institution, sameTown } from './loaders';
import { plainPage, rankedPage } from './search';
import { summary } from './views';

/** Finding an institution: the list with its filters, and one institution with what its 定点 covers. */
export const findActions = {
  async search(req): Promise<FacilityResponses['search']> {
    const policy = cityByCode(req.cityCode)?.facility;
    if (!policy) throw new DomainError('NOT_OFFERED', '该城市暂未开通定点医疗机构选点。');
    const base: Record<string, unknown> = { cityCode: req.cityCode };
    if (req.district) base.district = req.district;
    if (req.town) base.town = req.town;
    if (req.type) base.type = req.type;
    const keyword = req.keyword ? keywordQuery(req.keyword) : null;
    if (req.keyword && !keyword) return { items: [], total: 0, offset: req.offset, hasMore: false, sampleData: false };
    const page =
      keyword && !req.near
        ? await rankedPage(base, keyword, req.offset, req.limit)
        : await plainPage(base, keyword, req);
    const items = page.rows.map((d) => summary(d, policy, d.distance));
    return {
      items,
      total: page.total,
      offset: req.offset,
      hasMore: req.offset + items.length < page.total,
      sampleData: items.some((i) => i.sample),
    };
  },

  async filters(req): Promise<FacilityResponses['filters']> {
    const policy = cityByCode(req.cityCode)?.facility;
    if (!policy) throw new DomainError('NOT_OFFERED', '该城市暂未开通定点医疗机构选点。');
    // One document, written with the institutions (core/documents/institutionFilters.ts).
    const f = await filtersOf(req.cityCode);
    return {
      towns: f?.towns ?? [],
      districts: f?.districts ?? [],
      types: (f?.types ?? []).map((t) => ({
        value: t,
        label: TYPE_LABELS[t],
        selectable: policy.selectableTypes.includes(t) && !policy.noSelectionTypes.includes(t),
      })),
    };
  },

  async detail(req): Promise<FacilityResponses['detail']> {
    const doc = await institution(req.code);
    const city = cityByCode(doc.cityCode);
    const policy = city?.facility;
    const covered =
      policy?.coverage === 'sameTown' && doc.town && policy.selectableTypes.includes(doc.type)
        ? await sameTown(doc, policy.coverageTypes)
        : [doc];
    return {
      institution: { ...summary(doc, policy), cityName: city?.name ?? doc.cityCode },
      coverage: {
        rule: policy?.coverage ?? 'institution',
        town: doc.town,
        institutions: covered.map((c) => ({ code: c.code, name: c.name, typeLabel: TYPE_LABELS[c.type] })),
      },
      notes: policy?.notes ?? [],
    };
  },
} satisfies ActionsFor<typeof facilityRequest>;
