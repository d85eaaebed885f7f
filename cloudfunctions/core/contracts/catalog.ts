import { z } from 'zod';
import type { CityPolicy } from '../policies/schema';
import { divisionCode } from '../policies/schema';
import type { ServiceItem } from '../catalog/serviceItem';
import { serviceCode } from '../catalog/serviceItem';

export const catalogRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('cities') }).strict(),
  z
    .object({
      action: z.literal('services'),
      cityCode: divisionCode,
      keyword: z.string().trim().max(30).optional(),
      offset: z.number().int().min(0).max(10000).default(0),
      limit: z.number().int().min(1).max(50).default(20),
    })
    .strict(),
  z.object({ action: z.literal('service'), code: serviceCode }).strict(),
  z
    .object({
      action: z.literal('deadline'),
      serviceCode,
      /** Omitted: "if submitted now", on the server's clock (the client's clock is not trusted). */
      submittedAt: z
        .string()
        .datetime({ offset: true })
        .refine((v) => /^20\d\d-/.test(v) && !Number.isNaN(Date.parse(v)), '提交时间应在 2000 至 2099 年之间')
        .optional(),
      /** For items whose limit differs by audience (e.g. 在职职工 / 灵活就业人员). */
      audience: z.string().max(20).optional(),
    })
    .strict(),
]);

export type CatalogRequest = z.input<typeof catalogRequest>;

export type CityInfo = Pick<
  CityPolicy,
  'code' | 'name' | 'province' | 'schemes' | 'flows' | 'channels' | 'phones' | 'phoneNote' | 'sources'
>;

export type ServiceSummary = Pick<ServiceItem, 'code' | 'officialCode' | 'name' | 'category' | 'online' | 'flow'> & {
  timeLimitText: string;
};

export interface DeadlineVariant {
  audience: string | null;
  /** 即时办结: due the moment it is submitted. */
  immediate: boolean;
  dueDate: string;
  dueAt: string;
  estimated: boolean;
}

export interface CatalogResponses {
  cities: { cities: CityInfo[] };
  services: { items: ServiceSummary[]; total: number; offset: number; hasMore: boolean };
  service: { item: ServiceItem };
  deadline: DeadlineVariant & {
    serviceCode: string;
    timeLimitText: string;
    /** Every audience's due time, where the item's limit differs by audience. */
    variants: DeadlineVariant[];
    /** Plain words for the person, e.g. "预计 2026-12-01（星期二）24:00 前办结". */
    summary: string;
  };
}
