import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalCloud } from '../helpers/localCloud';

// Keyword search through the token index: 拼音 (full and initials), ranking, and a long keyword's exact check.
jest.setTimeout(120_000);
const ROOT = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'yibao-search-'));
let cloud: LocalCloud;

const ROWS = [
  ['PUMCH-001', '北京协和医院', 'general', 116.417, 39.912],
  ['XHSQ-0001', '协和社区卫生服务中心', 'communityCentre', 116.42, 39.91],
  ['XHY', '新华医院', 'general', 116.3, 39.95],
  ['BJ-0004', '北京朝阳医院', 'general', 116.45, 39.92],
  ['BJ-0005', '海淀区中医医院', 'tcm', 116.3, 39.96],
] as const;

beforeAll(async () => {
  const csv = [
    'code,cityCode,name,type,district,town,address,longitude,latitude',
    ...ROWS.map(([code, name, type, lng, lat]) => `${code},110000,${name},${type},东城区,东华门街道,,${lng},${lat}`),
  ].join('\n');
  writeFileSync(join(dir, 'list.csv'), csv);
  // The import into a new data directory creates it with its personal-data key, so the start after it works.
  const res = spawnSync(
    process.execPath,
    [join(ROOT, 'build', 'tools', 'import-institutions.cjs'), join(dir, 'list.csv'), '--data-dir', join(dir, 'cloud')],
    { encoding: 'utf8' },
  );
  expect(res.status).toBe(0);
  cloud = await new LocalCloud(join(dir, 'cloud')).start();
});
afterAll(async () => {
  await cloud.stop();
  rmSync(dir, { recursive: true, force: true });
});

const codes = async (keyword: string, extra: Record<string, unknown> = {}) => {
  const res = await cloud.call('facility', { action: 'search', cityCode: '110000', keyword, ...extra });
  expect(res.ok).toBe(true);
  return (res.data.items as Array<{ code: string }>).map((i) => i.code).filter((c) => !c.startsWith('SAMPLE-'));
};

describe('keyword search through the token index', () => {
  it('finds 协和 by 拼音 initials ("xh") and full spelling ("xiehe"), any case, and by characters', async () => {
    expect(await codes('xh')).toEqual(expect.arrayContaining(['PUMCH-001', 'XHSQ-0001']));
    expect(await codes('xiehe')).toEqual(['XHSQ-0001', 'PUMCH-001']);
    expect(await codes('XieHe')).toEqual(['XHSQ-0001', 'PUMCH-001']);
    expect(await codes('协和')).toEqual(['XHSQ-0001', 'PUMCH-001']);
    expect(await codes('xiehe', { town: '不存在的街道' })).toEqual([]);
    expect(await codes('朝阳')).toEqual(['BJ-0004']);
  });

  it('ranks the exact code first, then names starting with the keyword, then the rest (each by code)', async () => {
    // "XHY": the code of 新华医院; no other name starts with it; 北京协和医院's initials BJXHYY contain it.
    expect(await codes('xhy')).toEqual(['XHY', 'PUMCH-001']);
    // "xh": 协和社区… and 新华医院 start with it (XHSQ-0001 < XHY), 北京协和医院 only contains it.
    expect(await codes('xh')).toEqual(['XHSQ-0001', 'XHY', 'PUMCH-001']);
    // "bj": both 北京… names start with it; 海淀区中医医院 only has a code starting with it.
    expect(await codes('bj')).toEqual(['BJ-0004', 'PUMCH-001', 'BJ-0005']);
    const paged = await cloud.call('facility', {
      action: 'search',
      cityCode: '110000',
      keyword: 'xh',
      offset: 1,
      limit: 1,
    });
    expect(paged.data).toMatchObject({ total: 3, hasMore: true, items: [{ code: 'XHY' }] });
  });

  it('checks a keyword longer than any stored prefix exactly, on the candidates', async () => {
    expect(await codes('beijingxieheyiyuan')).toEqual(['PUMCH-001']);
    expect(await codes('beijingxiehezzz')).toEqual([]);
    expect(await codes('haidianquzhongyi')).toEqual(['BJ-0005']);
  });

  it('searches by keyword nearest first', async () => {
    const res = await cloud.call('facility', {
      action: 'search',
      cityCode: '110000',
      keyword: 'yiyuan',
      near: { latitude: 39.95, longitude: 116.3 },
    });
    const ours = res.data.items.filter((i: { code: string }) => !i.code.startsWith('SAMPLE-'));
    expect(ours[0].code).toBe('XHY');
    const d = res.data.items.map((i: { distanceMeters: number }) => i.distanceMeters);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
  });
});

describe('filters', () => {
  it('offers the 镇街, 区 and types of the imported list (merged with the sample ones), read from one document', async () => {
    const res = await cloud.call('facility', { action: 'filters', cityCode: '110000' });
    expect(res.data.towns).toContain('东华门街道');
    expect(res.data.districts).toContain('东城区');
    const listed = await cloud.call('probe', {
      action: 'list',
      collection: 'facility_filters',
      where: { _id: '110000' },
    });
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0].towns).toEqual(res.data.towns);
  });
});
