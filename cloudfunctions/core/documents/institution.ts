import type { Searchable } from './searchable';
import { z } from 'zod';
import { TYPE_LABELS, divisionCode, institutionType } from '../policies/schema';

/** One row of an institutions list, as imported (npm run import:institutions) or generated as sample data. */
export const institutionRow = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9-]{3,40}$/, '机构编码只能含字母、数字和连字符，3–40 位'),
    cityCode: divisionCode,
    name: z.string().trim().min(2).max(80),
    type: institutionType,
    district: z.string().trim().min(1).max(20),
    /** 镇街 (中山) or 街道/乡镇; '' where the published list has none (required only where a city's rules use it). */
    town: z.string().trim().max(20).default(''),
    address: z.string().trim().max(100).default(''),
    /** Both or neither: an institution without coordinates is found by name and code, not in "nearest". */
    longitude: z.number().min(73).max(136).optional(),
    latitude: z.number().min(3).max(54).optional(),
    /** 等级 as published (三级/二级/一级/未评级); '' where not given. */
    level: z.string().trim().max(10).default(''),
    /** 类别 as published, where the list has one (e.g. 对外中医); '' otherwise. */
    publishedType: z.string().trim().max(20).default(''),
    /** On the city's A类 list (北京: no selection needed). */
    classA: z.boolean().default(false),
    /** True for the demo list that ships with the project; a real list says false. */
    sample: z.boolean().default(false),
  })
  .strict()
  .refine((r) => (r.longitude === undefined) === (r.latitude === undefined), {
    message: '经度和纬度须同时给出或同时不填',
    path: ['longitude'],
  });
/** A row as written (defaults may be left out); `institutionRow.parse` gives every field. */
export type InstitutionRow = z.input<typeof institutionRow>;

export { TYPE_LABELS };

/** As stored in the `institutions` collection: _id is the code; location is a GeoJSON point for geoNear. */
export interface InstitutionDoc extends Omit<z.infer<typeof institutionRow>, 'longitude' | 'latitude'>, Searchable {
  /** Beijing date of the import that no longer listed it; null while it is on the city's list. */
  withdrawnOn: string | null;
}
