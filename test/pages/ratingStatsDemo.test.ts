import { renderPage, textOf, usePageCloud, wxStorage } from './harness';

jest.setTimeout(60_000);

// A fresh local cloud as `npm start` makes it: demo ratings for the month it starts in (here named, so that no
// test reads the machine's date) and the two months before.
const { cloud, pages } = usePageCloud({ pages: ['rating-stats'], settings: { LOCAL_DEMO_RATINGS: '2026-11' } });

describe('评价结果公布 in a fresh local cloud', () => {
  beforeEach(() => wxStorage().clear());

  it.each([
    ['太原', '140100', '异地安置退休人员备案'],
    ['北京', '110000', '定点医疗机构变更（城镇职工）'],
    ['中山', '442000', '门诊选点登记（社区门诊选点）'],
    ['廊坊', '131000', '异地安置退休人员备案'],
  ])('%s shows demo results, each row and the chart labelled 示例', async (_name, cityCode, item) => {
    const page = await renderPage(pages['rating-stats'], { cityCode, month: '2026-11' });
    const text = textOf(page);
    expect(text).not.toContain('本月还没有可公布的结果');
    expect(text).toContain('标“示例”的是演示数据，不是真实评价');
    expect(text).toContain(`示例·${item} · 网上办理（`);
    expect(text).toContain(`示例·${item} · 窗口办理（`);
    const rows = (page.instance.data as any).rows as Array<{ title: string }>;
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => r.title.startsWith('示例·'))).toBe(true);
    expect(textOf(page)).toContain('差评率');
  });

  it('the two months before have demo results too; the month after has none', async () => {
    for (const month of ['2026-09', '2026-10']) {
      const stats = await cloud.call('rating', { action: 'stats', cityCode: '140100', month });
      expect(stats.data.items.length).toBeGreaterThan(0);
      expect(stats.data.items.every((i: { sample: boolean; count: number }) => i.sample && i.count >= 5)).toBe(true);
    }
    const after = await cloud.call('rating', { action: 'stats', cityCode: '140100', month: '2026-12' });
    expect(after.data.items).toEqual([]);
  });
});
