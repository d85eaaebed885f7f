import { expectTDesignRendered, renderPage, simulate, textOf, usePageCloud, wxCalls } from './harness';

jest.setTimeout(30_000);

const { pages } = usePageCloud({ pages: ['catalog'] });

const data = (comp: any) => comp.instance.data as any;

describe('catalogue list', () => {
  it('lists a city’s items 20 at a time, with TDesign cells, tags and search', async () => {
    const comp = await renderPage(pages.catalog, { cityCode: '131000' });
    expectTDesignRendered(comp, ['search', 'cell', 'tag', 'button']);
    expect(data(comp).items).toHaveLength(20);
    expect(textOf(comp)).toContain('共 28 项');
    expect(textOf(comp)).toContain('单位参保登记');
    expect(textOf(comp)).toContain('需到现场');
  });

  it('loads the next page once, even when asked twice at the same time', async () => {
    const comp = await renderPage(pages.catalog, { cityCode: '131000' });
    await Promise.all([(comp.instance as any).loadMore(), (comp.instance as any).loadMore()]);
    await simulate.sleep(0);
    const codes = data(comp).items.map((i: any) => i.code);
    expect(codes).toHaveLength(28);
    expect(new Set(codes).size).toBe(28);
    expect(textOf(comp)).toContain('已显示全部 28 项');
  });

  it('searches by keyword and shows an empty state with a way back', async () => {
    const comp = await renderPage(pages.catalog, { cityCode: '131000' });
    (comp.instance as any).onKeywordChange({ detail: { value: '备案' } });
    await (comp.instance as any).search();
    await simulate.sleep(0);
    expect(data(comp).items.map((i: any) => i.name)).toEqual([
      '异地安置退休人员备案',
      '异地长期居住人员备案',
      '常驻异地工作人员备案',
      '异地转诊人员备案',
    ]);
    (comp.instance as any).onKeywordChange({ detail: { value: '不存在的事项' } });
    await (comp.instance as any).search();
    await simulate.sleep(0);
    expect(textOf(comp)).toContain('没有找到与“不存在的事项”相关的事项');
    expectTDesignRendered(comp, ['empty', 'button']);
    await (comp.instance as any).onClear();
    await simulate.sleep(0);
    expect(data(comp).total).toBe(28);
  });

  it('opens an item’s detail', async () => {
    const comp = await renderPage(pages.catalog, { cityCode: '140100' });
    (comp.instance as any).openItem({ currentTarget: { dataset: { code: '140100-ydzz' } } });
    expect(wxCalls('navigateTo').pop()!.args.url).toBe('/pages/service/index?code=140100-ydzz');
  });

  it('shows the function’s refusal with a retry', async () => {
    const comp = await renderPage(pages.catalog, { cityCode: '310000' });
    expect(textOf(comp)).toContain('暂不支持这个城市');
    expectTDesignRendered(comp, ['empty', 'button']);
  });
});
