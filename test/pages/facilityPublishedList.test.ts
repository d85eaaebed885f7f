import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { FACTS, withProfile } from '../helpers/people';
import { actAs, renderPage, setClock, settle, textOf, usePageCloud } from './harness';

// 北京's list as its 医保局 publishes it (test data, test/fixtures/institutions/README.md), imported before the
// cloud starts: the 定点 page says which institutions need no choice, which can be chosen, and why the rest can't.
jest.setTimeout(60_000);
const ROOT = resolve(__dirname, '..', '..');
const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'institutions', name);

const { cloud, pages } = usePageCloud({
  pages: ['facility', 'facility-detail'],
  before: (dataDir) => {
    const res = spawnSync(
      process.execPath,
      [
        join(ROOT, 'build', 'tools', 'import-institutions.cjs'),
        fixture('beijing-published.csv'),
        '--city',
        '110000',
        '--class-a',
        fixture('beijing-classA.json'),
        '--data-dir',
        dataDir,
        '--report',
        join(dataDir, 'report.csv'),
      ],
      { encoding: 'utf8' },
    );
    if (!res.stdout.includes('导入 10')) throw new Error(`import failed: ${res.stdout}${res.stderr}`);
  },
});

const data = (comp: any) => comp.instance.data as any;

describe('北京 定点 page on an imported list', () => {
  beforeEach(() => setClock('2026-12-07T10:00:00+08:00'));

  it('shows which need no choice (中医, 专科, 社区, the A类 list), which can be chosen, and why the rest cannot', async () => {
    await withProfile(cloud, 'bj-published-page', 781, FACTS.beijingEmployee);
    actAs('bj-published-page');
    const search = await renderPage(pages.facility);
    search.instance.setData({ keyword: '000' });
    await (search.instance as any).search();
    await settle();
    const tag = (code: string) => {
      const item = data(search).items.find((i: any) => i.code === code);
      return item.selectable ? '可选择' : item.noSelectionNeeded ? '无需选择，可直接就医' : '不可选';
    };
    expect(
      data(search)
        .items.map((i: any) => i.code)
        .sort(),
    ).toEqual(['00010001', '00010002', '00020001', '00030001', '00040001', '00050001', '00060001', '00070001'].sort());
    expect(tag('00010001')).toBe('无需选择，可直接就医'); // on the A类 list
    expect(tag('00020001')).toBe('无需选择，可直接就医'); // 对外中医
    expect(tag('00030001')).toBe('无需选择，可直接就医'); // 对外专科
    expect(tag('00040001')).toBe('无需选择，可直接就医'); // 社区卫生站
    expect(tag('00010002')).toBe('可选择'); // 对外综合, not A类
    expect(tag('00050001')).toBe('不可选'); // 村卫生室
    const text = textOf(search);
    expect(text).toContain('示例第一医院（示例医学院附属医院）');
    expect(text).toContain('无需选择，可直接就医');
    expect(text).toContain('中医医院 · 西城区'); // no 镇街 in the list: the 区县 instead
    expect(text).not.toContain('以下为示例数据'); // a real-shaped list, not the sample

    const village = await renderPage(pages['facility-detail'], { code: '00050001' });
    expect(textOf(village)).toContain('这类机构不能选为定点');
    expect(textOf(village)).toContain('村卫生室不在本市这项选点的范围内，不能选择。');
    const classA = await renderPage(pages['facility-detail'], { code: '00010001' });
    expect(textOf(classA)).toContain('无需选择，可直接就医');
  });
});
