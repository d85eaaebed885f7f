import { z } from 'zod';
import { divisionCode, institutionType } from '../schema';

/**
 * How one city's 医保局 publishes its list of 定点医疗机构, as data: which published column holds each field,
 * what each published 类别 means, which code formats are valid. `npm run import:institutions -- FILE --city CODE`
 * reads the list through it, so the list goes in as published (docs/institutions.md).
 */
export const FIELDS = [
  'code',
  'name',
  'district',
  'town',
  'type',
  'level',
  'address',
  'longitude',
  'latitude',
] as const;
export type ListField = (typeof FIELDS)[number];

/** Code formats a list's codes are checked against, each with a name said in the report. */
export const codeFormats = z.array(z.object({ name: z.string(), pattern: z.string() }).strict()).min(1);

export const listFormat = z
  .object({
    cityCode: divisionCode,
    /** Each field: the published headers that may hold it (first found wins). */
    columns: z.record(z.enum(FIELDS), z.array(z.string().min(1)).min(1)),
    /** Published 类别 → the product's type. A 类别 not listed is stored as `other`, shown as not selectable. */
    types: z.record(z.string(), institutionType),
    /** Published 等级 values; another value is reported (the row is still imported, without 等级). */
    levels: z.array(z.string()),
    codeFormats,
    /** Where the format was read from. */
    source: z.string(),
  })
  .strict();
export type ListFormat = z.infer<typeof listFormat>;

/** A list of codes that share a standing (北京's 32 A类 hospitals), with the document that lists them. */
export const codeList = z
  .object({
    cityCode: divisionCode,
    /** Where the list was published; null while the product has none (then `codes` is empty). */
    source: z.object({ title: z.string(), publisher: z.string(), published: z.string() }).strict().nullable(),
    note: z.string(),
    codes: z.array(z.string()),
  })
  .strict();
export type CodeList = z.infer<typeof codeList>;

/** The national 医保 code of a designated medical institution (国家医保信息业务编码): H + 11 digits. */
export const NATIONAL_CODE = { name: '国家医保机构编码（H + 11 位数字）', pattern: '^H\\d{11}$' };
