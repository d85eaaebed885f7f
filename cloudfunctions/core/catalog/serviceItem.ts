import { z } from 'zod';
import { channel, divisionCode, phone, sourceRef } from '../policies/schema';

/** Official 12-digit item code (e.g. 廊坊's list) or the product's own `<cityCode>-<slug>` where none is published. */
export const serviceCode = z
  .string()
  .regex(/^(\d{12}|\d{6}-[a-z]{2,16})$/, '事项编码应为 12 位数字，或“6 位城市代码-英文简称”');

export const timeLimit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('immediate') }).strict(),
  z.object({ kind: z.literal('workingDays'), days: z.number().int().min(1).max(365) }).strict(),
  z.object({ kind: z.literal('none') }).strict(),
]);

export const material = z
  .object({
    name: z.string().min(1),
    /** always: whichever channel; online / onSite: only for that channel; batch: an employer filing for staff. */
    when: z.enum(['always', 'online', 'onSite', 'batch']),
    note: z.string().optional(),
  })
  .strict();

export const serviceItem = z
  .object({
    code: serviceCode,
    /** The code the source publishes, or null: the product never invents official codes. */
    officialCode: z
      .string()
      .regex(/^\d{12}$/)
      .nullable(),
    cityCode: divisionCode,
    name: z.string().min(1),
    category: z.string(),
    categoryCode: z.string().nullable(),
    office: z.string(),
    audience: z.string(),
    /** Whether a person can do it online at all (else the page says where to go). */
    online: z.boolean(),
    channels: z.array(channel).min(1),
    process: z.array(z.string()),
    materials: z.array(material),
    timeLimit: z
      .object({
        text: z.string(),
        rules: z.array(z.object({ audience: z.string().optional(), limit: timeLimit }).strict()).min(1),
      })
      .strict(),
    queryChannels: z.array(z.string()),
    supervisionPhone: phone.nullable(),
    supervisionNote: z.string().optional(),
    evaluation: z.string().nullable(),
    notes: z.array(z.string()),
    reminders: z.array(z.string()),
    flow: z.enum(['facility', 'filing']).nullable(),
    source: sourceRef,
  })
  .strict();

export type ServiceItem = z.infer<typeof serviceItem>;
export type TimeLimitRule = ServiceItem['timeLimit']['rules'][number];
