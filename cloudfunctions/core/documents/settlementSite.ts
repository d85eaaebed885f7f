import type { Searchable } from './searchable';
import { z } from 'zod';
import { divisionCode, settlementKind } from '../policies/schema';

export { SETTLEMENT_KINDS, SETTLEMENT_LABELS, type SettlementKind } from '../policies/schema';

/**
 * 跨省联网定点医药机构: where a filing made for a destination city settles directly (跨省直接结算), and for which
 * kinds of care. Imported from a published list (npm run import:institutions -- FILE --sites, docs/policy.md §2)
 * or seeded as labelled sample data.
 */
export const settlementSiteRow = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9-]{3,40}$/, '机构编码只能含字母、数字和连字符，3–40 位'),
    cityCode: divisionCode,
    name: z.string().trim().min(2).max(80),
    /** 等级 as published; '' where not given. */
    level: z.string().trim().max(10).default(''),
    address: z.string().trim().max(100).default(''),
    /** Which kinds of care settle directly there (at least one: a list names only connected institutions). */
    settles: z.array(settlementKind).min(1, '住院、普通门诊、门诊慢特病至少开通一项'),
    longitude: z.number().min(73).max(136).optional(),
    latitude: z.number().min(3).max(54).optional(),
    /** True for the demo list that ships with the project; a real list says false. */
    sample: z.boolean().default(false),
  })
  .strict()
  .refine((r) => (r.longitude === undefined) === (r.latitude === undefined), {
    message: '经度和纬度须同时给出或同时不填',
    path: ['longitude'],
  });
export type SettlementSiteRow = z.input<typeof settlementSiteRow>;

/** As stored in `settlement_sites`: _id is the code; search fields as institutions have them (searchTokens.ts). */
export type SettlementSiteDoc = Omit<z.infer<typeof settlementSiteRow>, 'longitude' | 'latitude'> & Searchable;
