import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

  it('reports every bad row with its line number and imports nothing', async () => {
    const res = tool([fixture('bad.csv'), '--data-dir', dataDir]);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('共 4 行，其中 3 处有误，未导入任何数据');
    expect(res.stderr).toContain('第 3 行：code：机构编码只能含字母、数字和连字符');
    expect(res.stderr).toMatch(/第 4 行：cityCode：应为 6 位行政区划代码；type：不是可选的值；latitude：不能大于 54/);
    expect(res.stderr).toContain('第 5 行：机构编码 TEST-ZS-0101 与第 2 行重复');
    const cloud = await new LocalCloud(dataDir).start();
    try {
      const found = await cloud.call('facility', { action: 'search', cityCode: '442000', keyword: 'TEST-ZS' });
      expect(found.data.total).toBe(0);
    } finally {
      await cloud.stop();
    }
  });

  it('imports a good file once; again changes nothing; refuses while the local cloud runs', async () => {
    const first = tool([fixture('good.csv'), '--data-dir', dataDir]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('新增 3，更新 0');
    expect(tool([fixture('good.csv'), '--data-dir', dataDir]).stdout).toContain('新增 0，更新 0，未变 3');
    const cloud = await new LocalCloud(dataDir).start();
    try {
      expect(tool([fixture('good.csv'), '--data-dir', dataDir]).status).toBe(2);
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
