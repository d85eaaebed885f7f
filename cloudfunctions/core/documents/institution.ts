import { z } from 'zod';
import { divisionCode, institutionType } from '../policies/schema';

/** One row of an institutions list, as imported (npm run import:institutions) or generated as sample data. */
export const institutionRow = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9-]{3,40}$/, '机构编码只能含字母、数字和连字符，3–40 位'),
    cityCode: divisionCode,
    name: z.string().trim().min(2).max(60),
    type: institutionType,
    district: z.string().trim().min(1).max(20),
    /** 镇街 (中山) or 街道/乡镇. */
    town: z.string().trim().min(1).max(20),
    address: z.string().trim().max(100).default(''),
    longitude: z.number().min(73).max(136),
    latitude: z.number().min(3).max(54),
    /** True for the demo list that ships with the project; a real list says false. */
    sample: z.boolean().default(false),
  })
  .strict();
export type InstitutionRow = z.infer<typeof institutionRow>;

export const TYPE_LABELS: Record<InstitutionRow['type'], string> = {
  communityCentre: '社区卫生服务中心',
  communityStation: '社区卫生服务站',
  townHospital: '镇街医院',
  classA: 'A类医院',
  tcm: '中医医院',
  specialist: '专科医院',
  general: '综合医院',
};

/** As stored in the `institutions` collection: _id is the code; location is a GeoJSON point for geoNear. */
export interface InstitutionDoc extends Omit<InstitutionRow, 'longitude' | 'latitude'> {
  _id: string;
  /** Name and code folded for search (NFKC, no spaces, upper case): checked on candidates only. */
  search: string;
  /** Search tokens (core/rules/searchTokens.ts), with a multikey index: what a keyword search uses. */
  tokens: string[];
  /** Full 拼音 and initials of the name, folded: checked on candidates for a keyword longer than a token. */
  spell: string;
  searchVersion: number;
  location: { type: 'Point'; coordinates: [number, number] };
}
