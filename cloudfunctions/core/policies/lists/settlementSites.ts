import { z } from 'zod';
import { NATIONAL_CODE, codeFormats } from './schema';

/**
 * How a list of 跨省联网定点医药机构 is read (docs/policy.md §2, "Where the connected list comes from"): the
 * headers that may hold each field, and the values that mean "settles directly". One file is one destination
 * city's list (`--sites --city CODE`). The product has no published file yet: these headers are the plain names
 * of the fields, to be checked against the list as published; a list naming its columns otherwise adds its
 * headers here, as data (a file whose headers are not found is refused whole, never guessed).
 */
export const SITE_FIELDS = [
  'code',
  'name',
  'level',
  'address',
  'inpatient',
  'outpatient',
  'chronic',
  'longitude',
  'latitude',
] as const;
export type SiteField = (typeof SITE_FIELDS)[number];

export const siteListFormat = z
  .object({
    columns: z.record(z.enum(SITE_FIELDS), z.array(z.string().min(1)).min(1)),
    /** Values of a 住院/普通门诊/门诊慢特病 column meaning "settles directly", and meaning "does not". */
    yes: z.array(z.string()).min(1),
    no: z.array(z.string()).min(1),
    codeFormats,
    source: z.string(),
  })
  .strict();
export type SiteListFormat = z.infer<typeof siteListFormat>;

export const SETTLEMENT_SITE_LIST: SiteListFormat = siteListFormat.parse({
  columns: {
    code: ['机构编码', '定点医药机构编码', '医药机构编码', '国家医保编码'],
    name: ['机构名称', '定点医药机构名称', '医药机构名称'],
    level: ['机构等级', '医院等级', '等级'],
    address: ['机构地址', '地址', '详细地址'],
    inpatient: ['住院', '开通住院', '住院费用跨省直接结算'],
    outpatient: ['普通门诊', '开通普通门诊', '普通门诊费用跨省直接结算'],
    chronic: ['门诊慢特病', '开通门诊慢特病', '门诊慢特病费用跨省直接结算'],
    longitude: ['经度'],
    latitude: ['纬度'],
  },
  yes: ['是', '已开通', '开通', '√', 'Y'],
  no: ['否', '未开通', '', '×', 'N'],
  codeFormats: [NATIONAL_CODE, { name: '国家医保药店编码（P + 11 位数字）', pattern: '^P\\d{11}$' }],
  source: '字段的通用名称（issue 31），尚未按实际公布的名单核对：名单列名不同的，在此补充',
});
