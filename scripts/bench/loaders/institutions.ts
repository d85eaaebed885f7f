import type { InstitutionDoc, InstitutionRow } from '../../../cloudfunctions/core/documents/institution';
import { toDoc } from '../../../cloudfunctions/core/documents/toInstitutionDoc';
import type { BenchDb } from '../cloud';
import { BEIJING_SHARE, INSTITUTIONS, ZHONGSHAN_SHARE } from '../config';
import { insertInBatches, seededRandom } from '../insert';

const BEIJING_TYPES: InstitutionRow['type'][] = [
  'general',
  'general',
  'communityCentre',
  'classA',
  'tcm',
  'specialist',
];
const OTHER_TYPES: InstitutionRow['type'][] = [
  'communityCentre',
  'communityStation',
  'communityStation',
  'townHospital',
];

/**
 * Synthetic institutions (bench data only), spread as a national list would be: 北京 and 中山 get a large
 * city's share (BENCH_BEIJING, BENCH_ZHONGSHAN), the rest is spread over other cities in ~1,000s.
 */
export function loadInstitutions(db: BenchDb): void {
  const rand = seededRandom(7);
  insertInBatches(db, 'institutions', INSTITUTIONS, (i): InstitutionDoc => {
    const beijing = i < BEIJING_SHARE;
    const zhongshan = !beijing && i < BEIJING_SHARE + ZHONGSHAN_SHARE;
    const other = Math.floor(i / 1000) % 1000;
    const cityCode = beijing ? '110000' : zhongshan ? '442000' : String(900000 + other * 100);
    const town = beijing ? `基准街道${i % 300}` : `基准镇${i % 150}`;
    // Each city where it is: the other cities on a grid of 1° squares away from 北京 and 中山 (cities do not
    // share streets; earlier runs put all of them on 中山's, which made nearest walk 95,000 strangers).
    const [longitude, latitude] = beijing
      ? [116.4 + (rand() - 0.5) * 0.6, 39.9 + (rand() - 0.5) * 0.5]
      : zhongshan
        ? [113.38 + (rand() - 0.5) * 0.4, 22.52 + (rand() - 0.5) * 0.4]
        : [100.5 + (other % 12) + (rand() - 0.5) * 0.4, 24.5 + Math.floor(other / 12) + (rand() - 0.5) * 0.4];
    return toDoc({
      code: `BENCH-${i}`,
      cityCode,
      name: `基准${town}${['综合医院', '社区卫生服务中心', '门诊部'][i % 3]}${i}`,
      type: beijing ? BEIJING_TYPES[i % BEIJING_TYPES.length] : OTHER_TYPES[i % 4],
      district: beijing ? '基准区' : '中山市',
      town,
      address: '',
      longitude,
      latitude,
      sample: true,
    });
  });
}

/** The m-th synthetic 北京 综合医院 (selectable): index ≡ 0 (mod 6) below BEIJING_SHARE is general. */
export function generalHospital(m: number): string {
  return `BENCH-${(m * 6) % (BEIJING_SHARE - (BEIJING_SHARE % 6))}`;
}
