import { Workbook } from 'exceljs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalCloud } from '../helpers/localCloud';
import { FACTS, withProfile } from '../helpers/people';

// A list as 北京's 医保局 publishes it (test data: test/fixtures/institutions/README.md), read through the city's
// list format: every row imported or reported, the rules reading the imported 类别 and the A类 list.
jest.setTimeout(180_000);
const ROOT = resolve(__dirname, '..', '..');
const tool = (args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'build', 'tools', 'import-institutions.cjs'), ...args], { encoding: 'utf8' });
const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'institutions', name);
const dir = mkdtempSync(join(tmpdir(), 'yibao-import-published-'));
const dataDir = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const asPublished = (file: string, extra: string[] = []) =>
  tool([file, '--city', '110000', '--class-a', fixture('beijing-classA.json'), '--data-dir', dataDir, ...extra]);

/** The report as rows of [line, column, reason, value, outcome]. */
function reportOf(file: string): string[][] {
  const text = readFileSync(file, 'utf8');
  expect(text.startsWith('\uFEFF行号,列,原因,原值,结果')).toBe(true);
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.slice(1, -1).split('","'));
}

describe('a list as 北京 publishes it (Chinese headers, 8-digit codes, 类别 and 等级, no 镇街, no coordinates)', () => {
  const report = join(dir, 'report.csv');

  it('--dry-run counts by 类别 and by problem, writes the report, and stores nothing', () => {
    const res = asPublished(fixture('beijing-published.csv'), ['--dry-run', '--report', report]);
    expect(res.stdout).toContain('共 14 行：可导入 10，不能导入 4。');
    expect(res.stdout).toContain('对外综合（综合医院）：4');
    expect(res.stdout).toContain('村卫生室（村卫生室）：1');
    expect(res.stdout).toContain('对内（对内医疗机构（仅服务本单位））：1');
    expect(res.stdout).toContain('对外康复（其他）：1');
    expect(res.stdout).toMatch(/医院编码：编码格式不符.*：2/);
    expect(res.stdout).toContain('试运行（--dry-run）：未写入任何数据。');
    expect(res.status).toBe(1);
  });

  it('imports every good row and lists every other one in the report with its line, column and reason', () => {
    const res = asPublished(fixture('beijing-published.csv'), ['--report', report]);
    expect(res.stdout).toContain('导入 10（新增 10，更新 0，未变 0），未导入 4。');
    const rows = reportOf(report);
    const notImported = rows.filter((r) => r[4] === '未导入');
    expect(notImported).toEqual([
      ['11', '医院编码', expect.stringContaining('编码格式不符：应为北京医保编码（8 位数字，含前导 0）'), '1234567', '未导入'],
      ['12', '医院编码', expect.stringContaining('编码格式不符'), '0008000A', '未导入'],
      ['13', '医院名称', '此项必填', '', '未导入'],
      ['14', '医院编码', '编码与第 3 行重复', '00010002', '未导入'],
    ]);
    // 14 rows: 10 imported + 4 reported; the imported ones that can't be chosen say why.
    const imported = rows.filter((r) => r[4] === '已导入');
    expect(imported.map((r) => [r[0], r[3]])).toEqual([
      ['7', '村卫生室'],
      ['8', '对内'],
      ['9', '对外康复'],
      ['15', '三甲'],
    ]);
    expect(imported[0][2]).toContain('已导入，显示为不可选');
  });

  it('finds by exact code (leading zeros kept, exact code first), by name with full-width brackets, by 拼音', async () => {
    const cloud = await new LocalCloud(dataDir).start();
    try {
      const search = async (keyword: string) =>
        (await cloud.call('facility', { action: 'search', cityCode: '110000', keyword })).data.items;
      expect((await search('00010001'))[0]).toMatchObject({ code: '00010001', name: '示例第一医院（示例医学院附属医院）' });
      expect((await search('00010002'))[0].code).toBe('00010002');
      expect((await search('00010'))[0].code).toMatch(/^00010/);
      expect((await search('示例医学院附属医院')).map((i: any) => i.code)).toEqual(['00010001']);
      expect((await search('示例第一医院(示例医学院')).map((i: any) => i.code)).toEqual(['00010001']);
      expect((await search('shilidiyiyiyuan')).map((i: any) => i.code)).toEqual(['00010001']);
      expect((await search('H11010100001'))[0].code).toBe('H11010100001');

      // Which need no choice follows the imported 类别 and the A类 list; the rest says why it can't be chosen.
      const standing = async (code: string) => (await search(code))[0];
      expect(await standing('00010001')).toMatchObject({ noSelectionNeeded: true, selectable: false, level: '三级' });
      expect(await standing('00010002')).toMatchObject({ noSelectionNeeded: false, selectable: true, reason: null });
      for (const code of ['00020001', '00030001', '00040001'])
        expect(await standing(code)).toMatchObject({ noSelectionNeeded: true, selectable: false });
      expect(await standing('00050001')).toMatchObject({
        selectable: false,
        noSelectionNeeded: false,
        typeLabel: '村卫生室',
        reason: '村卫生室不在本市这项选点的范围内，不能选择。',
      });
      expect(await standing('00070001')).toMatchObject({ typeLabel: '对外康复', selectable: false });
      // No coordinates: found by name and code, never among the nearest.
      const near = await cloud.call('facility', {
        action: 'search',
        cityCode: '110000',
        keyword: '示例',
        near: { latitude: 39.9, longitude: 116.4 },
      });
      expect(near.data.items.some((i: any) => /^000/.test(i.code))).toBe(false);
    } finally {
      await cloud.stop();
    }
  });

  it('a newer list without an institution marks it withdrawn: its holder is told, the declaration stays', async () => {
    let cloud = await new LocalCloud(dataDir).start();
    const now = '2026-12-07T10:00:00+08:00';
    const call = (event: Record<string, unknown>) => cloud.call('facility', event, { openid: 'bj-list-1', now });
    try {
      await withProfile(cloud, 'bj-list-1', 771, FACTS.beijingEmployee);
      const chosen = await call({ action: 'select', code: '00010002', requestId: 'bj-list-1-req-0001' });
      expect(chosen.ok).toBe(true);
    } finally {
      await cloud.stop();
    }
    const newer = join(dir, 'newer.csv');
    const lines = readFileSync(fixture('beijing-published.csv'), 'utf8').split('\n');
    // Without 示例朝阳综合医院 (line 3), and without the row that repeated its code (line 14).
    writeFileSync(newer, lines.filter((l) => !l.startsWith('2,') && !l.startsWith('13,')).join('\n'));
    const res = asPublished(newer, ['--report', join(dir, 'newer.report.csv')]);
    expect(res.stdout).toContain('本次名单中已没有的机构 1 家，已标记为退出定点：示例朝阳综合医院（00010002）');

    cloud = await new LocalCloud(dataDir).start();
    try {
      const mine = await cloud.call('facility', { action: 'mine' }, { openid: 'bj-list-1', now: '2026-12-08T10:00:00+08:00' });
      const slot = mine.data.kinds[0].slots[0];
      expect(slot.current.code).toBe('00010002');
      expect(slot.current.withdrawn.message).toContain('已不在北京最新公布的定点医疗机构名单中');
      expect(slot.current.withdrawn.message).toContain('请尽快变更');
      const declarations = await cloud.call('facility', { action: 'declarations' }, { openid: 'bj-list-1' });
      expect(declarations.data.items.map((d: any) => d.institution.code)).toEqual(['00010002']);
      const found = (await cloud.call('facility', { action: 'search', cityCode: '110000', keyword: '00010002' })).data
        .items[0];
      expect(found).toMatchObject({ selectable: false, withdrawnOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    } finally {
      await cloud.stop();
    }
  });

  it('reads the same list as XLSX: codes typed as text keep their zeros, a code typed as a number is reported', async () => {
    const book = new Workbook();
    const sheet = book.addWorksheet('定点医疗机构');
    const csvLines = readFileSync(fixture('beijing-published.csv'), 'utf8').trim().split('\n');
    for (const line of csvLines.slice(0, 6)) sheet.addRow(line.split(','));
    sheet.addRow(['6', 10001, '示例数字编码医院', '朝阳区', '对外综合', '二级', '示例路']);
    const xlsx = join(dir, 'list.xlsx');
    await book.xlsx.writeFile(xlsx);
    const report = join(dir, 'xlsx.report.csv');
    const res = asPublished(xlsx, ['--dry-run', '--report', report]);
    expect(res.stdout).toContain('共 6 行：可导入 5，不能导入 1。');
    expect(reportOf(report)).toEqual([
      ['7', '医院编码', '编码是数字格式，前导 0 已丢失：请在表格中把编码列设为文本后重新导出', '10001', '未导入'],
    ]);
  });

  // How long an import takes is the README's figure from a run of the tool, not something a test times.
  it('imports 3,000 published rows, every one', () => {
    const big = join(dir, 'big.csv');
    const kinds = ['对外综合', '对外专科', '对外中医', '社区卫生站', '村卫生室', '对内'];
    const levels = ['三级', '二级', '一级', '未评级'];
    writeFileSync(
      big,
      [
        '序号,医院编码,医院名称,区县,类别,等级,地址',
        ...Array.from(
          { length: 3000 },
          (_, i) =>
            `${i + 1},${String(200000 + i).padStart(8, '0')},示例第${i}医院（示例医科大学第${i % 50}附属医院）,朝阳区,${kinds[i % 6]},${levels[i % 4]},示例路${i}号`,
        ),
      ].join('\n'),
    );
    const res = asPublished(big, ['--report', join(dir, 'big.report.csv')]);
    expect(res.stdout).toContain('共 3000 行：导入 3000');
    expect(res.stdout).toContain('未导入 0。');
  });
});
