import { z } from 'zod';

/** 6-digit administrative division code (GB/T 2260). */
export const divisionCode = z.string().regex(/^\d{6}$/, '应为 6 位行政区划代码');

export const sourceRef = z
  .object({
    /** File in ../shared/seeds (or another committed source). */
    seed: z.string(),
    title: z.string(),
    published: z.string().optional(),
  })
  .strict();

export const phone = z
  .object({
    label: z.string(),
    /** As the source prints it. */
    number: z.string().regex(/^[\d-]+$/),
    /** What a phone dials: the number with its area code where the source omits it. */
    dial: z.string().regex(/^\d+$/),
    source: z.string(),
  })
  .strict();

export const channelKind = z.enum(['online', 'window', 'hospital', 'selfService', 'phone']);
export const channel = z.object({ kind: channelKind, name: z.string() }).strict();

export const flowId = z.enum(['facility', 'filing', 'rating']);

export const cityPolicy = z
  .object({
    code: divisionCode,
    name: z.string(),
    province: z.object({ code: divisionCode, name: z.string() }).strict(),
    schemes: z.array(z.object({ id: z.enum(['employee', 'resident']), name: z.string() }).strict()).min(1),
    flows: z.array(z.object({ flow: flowId, name: z.string(), note: z.string() }).strict()),
    channels: z.array(channel),
    phones: z.array(phone),
    /** Shown where a person might expect a phone the sources don't give. */
    phoneNote: z.string().optional(),
    sources: z.array(sourceRef).min(1),
  })
  .strict();

export type CityPolicy = z.infer<typeof cityPolicy>;
export type Channel = z.infer<typeof channel>;
export type Phone = z.infer<typeof phone>;
