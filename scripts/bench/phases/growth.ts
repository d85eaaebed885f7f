import type { InstitutionDoc, InstitutionRow } from '../../../cloudfunctions/core/documents/institution';
import { toDoc } from '../../../cloudfunctions/core/documents/toInstitutionDoc';
import { type BenchDb, secondsSince, withFreshCloud } from '../cloud';
import { CONCURRENCY, GROWTH, GROWTH_MS } from '../config';
import { type Call, type MakeCall, drive } from '../drive';
import { insertInBatches, seededRandom } from '../insert';

const DISTRICTS = '东城 西城 朝阳 海淀 丰台 石景山 通州 昌平 大兴 顺义 房山 门头沟 怀柔 平谷 密云 延庆'.split(' ');
const WORDS =
  '协和 同仁 安贞 天坛 友谊 宣武 人民 世纪 和平 长城 光明 阳光 康复 仁爱 博爱 健宫 京华 首都 华信 民航'.split(' ');
const KINDS: Array<[string, InstitutionRow['type']]> = [
  ['综合医院', 'general'],
  ['社区卫生服务中心', 'communityCentre'],
  ['中医医院', 'tcm'],
  ['专科医院', 'specialist'],
  ['社区卫生服务站', 'communityStation'],
];

interface Row {
  size: number;
  name: string;
  p50: number;
  p95: number;
  read: number;
  failures: number;
}

/** 北京's institutions from `from` up to `size` (bench data only). */
function grow(db: BenchDb, from: number, size: number, rand: () => number): void {
  const make = (n: number): InstitutionDoc => {
    const i = from + n;
    const [kind, type] = KINDS[i % KINDS.length];
    const district = DISTRICTS[i % DISTRICTS.length];
    return toDoc({
      code: `G${String(i).padStart(7, '0')}`,
      cityCode: '110000',
      name: `${district}${WORDS[Math.floor(i / 16) % WORDS.length]}${kind}${Math.floor(i / 320) || ''}`,
      type,
      district: `${district}区`,
      town: `${district}街道${i % 20}`,
      address: '',
      longitude: 116.4 + (rand() - 0.5) * 0.6,
      latitude: 39.9 + (rand() - 0.5) * 0.5,
      sample: true,
    });
  };
  insertInBatches(db, 'institutions', size - from, make, 5000);
}

const search = (event: Record<string, unknown>): Call => ({
  fn: 'facility',
  event: { action: 'search', cityCode: '110000', ...event },
});
const ACTIONS: Array<[string, MakeCall]> = [
  ['name (协和)', (i) => search({ keyword: `${DISTRICTS[i % 16]}协和` })],
  ['拼音 initials (dcxh…)', (i) => search({ keyword: ['dcxh', 'cyty', 'hdaz', 'xcxw'][i % 4] })],
  ['拼音 full (xiehe)', () => search({ keyword: 'xiehe' })],
  ['镇街', (i) => search({ town: `${DISTRICTS[i % 16]}街道${i % 20}` })],
  ['list page 3', () => search({ offset: 40 })],
  ['nearest', (i) => search({ near: { latitude: 39.75 + (i % 20) * 0.015, longitude: 116.15 + (i % 17) * 0.03 } })],
];

function printTable(rows: Row[]): void {
  console.log(
    `\ngrowth of one city (北京): p50 with 1 client / p95 with ${CONCURRENCY} clients (ms), documents read per document returned`,
  );
  console.log(`${'search'.padEnd(24)}${GROWTH.map((g) => String(g).padStart(26)).join('')}`);
  for (const [name] of ACTIONS) {
    const cells = GROWTH.map((g) => {
      const r = rows.find((x) => x.size === g && x.name === name)!;
      return `${r.p50.toFixed(1)} / ${r.p95.toFixed(1)} / ${r.read.toFixed(2)}${r.failures ? '!' : ''}`.padStart(26);
    });
    console.log(`${name.padEnd(24)}${cells.join('')}`);
  }
}

/**
 * One city growing: 北京 with GROWTH[k] institutions, every search measured with 1 client (p50) and
 * CONCURRENCY clients (p95), with documents read per document returned.
 */
export async function growthPhase(): Promise<void> {
  const rand = seededRandom(11);
  const rows: Row[] = [];
  await withFreshCloud('growth', async (cloud) => {
    const measure = (name: string, make: MakeCall, concurrency: number) =>
      drive(cloud.url, name, make, { concurrency, db: cloud.db, ms: GROWTH_MS });
    let loaded = 0;
    for (const size of GROWTH) {
      const t0 = Date.now();
      grow(cloud.db, loaded, size, rand);
      loaded = size;
      console.log(`\ngrowth: 北京 holds ${size} institutions (+ samples), loaded in ${secondsSince(t0)}s`);
      // Not measured: the first size also warms the code paths up (compiled on first use), or it pays for them.
      if (size === GROWTH[0]) for (const [name, make] of ACTIONS) await measure(name, make, CONCURRENCY);
      for (const [name, make] of ACTIONS) {
        const one = await measure(name, make, 1);
        const many = await measure(name, make, CONCURRENCY);
        rows.push({
          size,
          name,
          p50: one.p50,
          p95: many.p95,
          read: one.readPerReturned ?? 0,
          failures: one.failures + many.failures,
        });
      }
    }
  });
  printTable(rows);
}
