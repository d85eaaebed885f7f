import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalCloud } from '../helpers/localCloud';

// A destination city's list of 跨省联网定点医药机构 (test data, named 测试用·…), imported with the same tool, report
// and discipline as the 定点 lists: every row imported or reported, then found by the filing function.
jest.setTimeout(180_000);
const ROOT = resolve(__dirname, '..', '..');
const tool = (args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'build', 'tools', 'import-institutions.cjs'), ...args], { encoding: 'utf8' });
const fixture = join(ROOT, 'test', 'fixtures', 'settlement-sites', 'guangzhou-sites.csv');
const dir = mkdtempSync(join(tmpdir(), 'yibao-import-sites-'));
const dataDir = join(dir, 'data');
const report = join(dir, 'report.csv');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GZ = { provinceCode: '440000', cityCode: '440100' };

describe('npm run import:institutions -- FILE --sites --city 440100', () => {
  it('needs the destination city', () => {
    expect(tool([fixture, '--sites', '--data-dir', dataDir]).status).toBe(2);
  });

  it('imports every good row, reports the others with line, column and reason, and the function finds them', async () => {
    const res = tool([fixture, '--sites', '--city', '440100', '--data-dir', dataDir, '--report', report]);
    expect(res.stdout).toContain('广州市 跨省联网定点医药机构：共 6 行，可导入 3，不能导入 3。');
    expect(res.stdout).toContain('可直接结算住院：1');
    expect(res.stdout).toContain('未使用的列：备注');
    expect(res.stdout).toContain('已导入 3');
    expect(res.status).toBe(1);
    const lines = readFileSync(report, 'utf8').replace(/^\uFEFF/, '').trim().split('\n').slice(1);
    expect(lines).toEqual([
      expect.stringMatching(/^"5","机构编码","编码格式不符/),
      expect.stringMatching(/^"6","住院","住院、普通门诊、门诊慢特病至少开通一项"/),
      expect.stringMatching(/^"7","住院","住院一列应为 是 或 否","也许","未导入"$/),
    ]);

    const cloud = await new LocalCloud(dataDir).start();
    try {
      const inpatient = await cloud.call('filing', { action: 'sites', destination: GZ, kind: 'inpatient' }, {});
      // The imported list and the samples side by side: the real rows are not labelled 示例.
      const imported = inpatient.data.items.filter((i: any) => !i.sample);
      expect(imported).toEqual([expect.objectContaining({ code: 'H44010000001', name: '测试用·甲医院', settlesText: '住院 · 普通门诊 · 门诊慢特病' })]);
      const byName = await cloud.call('filing', { action: 'sites', destination: GZ, keyword: '乙门诊' }, {});
      expect(byName.data.items.map((i: any) => i.settles)).toEqual([['outpatient']]);
    } finally {
      await cloud.stop();
    }
  });
});
