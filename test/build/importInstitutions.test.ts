import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalCloud } from '../helpers/localCloud';

jest.setTimeout(60_000);
const ROOT = resolve(__dirname, '..', '..');
const tool = (args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'build', 'tools', 'import-institutions.cjs'), ...args], { encoding: 'utf8' });
const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'institutions', name);

describe('npm run import:institutions', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'yibao-import-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('imports the good rows and reports every bad one with its line, column and reason', async () => {
    const badDir = mkdtempSync(join(tmpdir(), 'yibao-import-bad-'));
    const report = join(badDir, 'report.csv');
    try {
      const res = tool([fixture('bad.csv'), '--data-dir', badDir, '--report', report]);
      expect(res.status).toBe(1);
      expect(res.stdout).toContain('共 4 行：导入 1（新增 1，更新 0，未变 0），未导入 3。');
      expect(res.stderr).toContain('第 3 行 · code：机构编码只能含字母、数字和连字符');
      expect(res.stderr).toContain('第 4 行 · cityCode：应为 6 位行政区划代码（44200）');
      expect(res.stderr).toContain('第 4 行 · type：不是可选的值（hospital）');
      expect(res.stderr).toContain('第 4 行 · latitude：不能大于 54（99）');
      expect(res.stderr).toContain('第 5 行 · code：编码与第 2 行重复（TEST-ZS-0101）');
      expect(readFileSync(report, 'utf8')).toContain('"5","code","编码与第 2 行重复","TEST-ZS-0101","未导入"');
      const cloud = await new LocalCloud(badDir).start();
      try {
        const found = await cloud.call('facility', { action: 'search', cityCode: '442000', keyword: 'TEST-ZS' });
        expect(found.data.items.map((i: any) => i.code)).toEqual(['TEST-ZS-0101']);
      } finally {
        await cloud.stop();
      }
    } finally {
      rmSync(badDir, { recursive: true, force: true });
    }
  });

  it('imports a good file once; again changes nothing; refuses while the local cloud runs', async () => {
    const first = tool([fixture('good.csv'), '--data-dir', dataDir, '--report', join(dataDir, 'good.report.csv')]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('导入 3（新增 3，更新 0，未变 0）');
    expect(tool([fixture('good.csv'), '--data-dir', dataDir, '--report', join(dataDir, 'good.report.csv')]).stdout).toContain('导入 3（新增 0，更新 0，未变 3）');
    const cloud = await new LocalCloud(dataDir).start();
    try {
      expect(tool([fixture('good.csv'), '--data-dir', dataDir, '--report', join(dataDir, 'good.report.csv')]).status).toBe(2);
      const found = await cloud.call('facility', { action: 'search', cityCode: '442000', keyword: '测试导入' });
      expect(found.data.items.map((i: any) => [i.code, i.sample])).toEqual([
        ['TEST-ZS-0001', false],
        ['TEST-ZS-0002', false],
      ]);
      const detail = await cloud.call('facility', { action: 'detail', code: 'TEST-ZS-0002' });
      expect(detail.data.coverage.institutions.map((i: any) => i.code)).toContain('TEST-ZS-0001');
    } finally {
      await cloud.stop();
    }
  });
});
