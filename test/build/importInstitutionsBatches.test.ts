import { EJSON } from 'bson';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/core/documents/collections';
import { LocalDatabase } from '../../scripts/local-cloud/database';

// A city-sized list: written in batches with progress, idempotent, and older documents get their tokens.
jest.setTimeout(120_000);
const ROOT = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'yibao-import-batches-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tool = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'build', 'tools', 'import-institutions.cjs'), ...args], { encoding: 'utf8' });
const ROWS = 5000;
const csv = (rename = -1) =>
  ['code,cityCode,name,type,district,town,address,longitude,latitude',
    ...Array.from({ length: ROWS }, (_, i) => `BJ-${String(i).padStart(5, '0')},110000,${i === rename ? '改名' : ''}北京第${i}社区卫生服务站,communityStation,朝阳区,街道${i % 40},,${(116.2 + (i % 100) * 0.004).toFixed(4)},${(39.8 + Math.floor(i / 100) * 0.004).toFixed(4)}`)].join('\n');

function stored(dataDir: string, id: string): Record<string, unknown> | null {
  const db = new LocalDatabase(join(dataDir, 'db'), COLLECTIONS);
  try {
    const reply = db.handle('database.getDocument', { collectionName: 'institutions', query: JSON.stringify({ _id: id }) });
    const text = (reply.data as { list: string[] }).list[0];
    return text ? (EJSON.parse(text) as Record<string, unknown>) : null;
  } finally {
    void db.close();
  }
}

it('imports 5,000 rows in batches with progress; again changes nothing; a changed row and an old document are updated', () => {
  const dataDir = join(dir, 'data');
  writeFileSync(join(dir, 'list.csv'), csv());
  const first = tool([join(dir, 'list.csv'), '--data-dir', dataDir, '--batch', '1000']);
  expect(first.status).toBe(0);
  expect(first.stdout.match(/已写入 \d+\/5000/g)).toEqual(['已写入 1000/5000', '已写入 2000/5000', '已写入 3000/5000', '已写入 4000/5000', '已写入 5000/5000']);
  expect(first.stdout).toContain('新增 5000，更新 0，未变 0');
  expect(stored(dataDir, 'BJ-00042')).toMatchObject({ name: '北京第42社区卫生服务站', tokens: expect.arrayContaining(['BJ', 'BJD', '北京', '^北京', 'BEIJIN', 'BEIJINGD']) });

  expect(tool([join(dir, 'list.csv'), '--data-dir', dataDir, '--batch', '700']).stdout).toContain('新增 0，更新 0，未变 5000');

  // A document written before search tokens existed (as the old tool wrote it) is brought up to date.
  const db = new LocalDatabase(join(dataDir, 'db'), COLLECTIONS);
  const old = { cityCode: '110000', code: 'BJ-00007', name: '北京第7社区卫生服务站', type: 'communityStation', district: '朝阳区', town: '街道7', address: '', sample: false, search: 'X', location: { type: 'Point', coordinates: [116.228, 39.8] } };
  expect(db.handle('database.modifyDocument', { collectionName: 'institutions', query: JSON.stringify({ _id: 'BJ-00007' }), data: EJSON.stringify(old, { relaxed: false }), merge: false, upsert: true, multi: false }).code).toBeUndefined();
  void db.close();
  writeFileSync(join(dir, 'list.csv'), csv(3));
  const again = tool([join(dir, 'list.csv'), '--data-dir', dataDir]);
  expect(again.stdout).toContain('新增 0，更新 2，未变 4998');
  expect(stored(dataDir, 'BJ-00007')).toMatchObject({ tokens: expect.arrayContaining(['北京']), searchVersion: expect.any(Number) });
  expect(stored(dataDir, 'BJ-00003')).toMatchObject({ name: '改名北京第3社区卫生服务站' });
});
