import {
  expectTDesignRendered,
  renderPage,
  searchFieldName,
  settle,
  simulate,
  textOf,
  usePageCloud,
  wxCalls,
} from './harness';

jest.setTimeout(30_000);

const { pages } = usePageCloud({ pages: ['catalog'] });

const data = (comp: any) => comp.instance.data as any;

describe('catalogue list', () => {
  it('lists a city’s items 20 at a time, with TDesign cells, tags and a search field', async () => {
    const comp = await renderPage(pages.catalog, { cityCode: '131000' });
    expectTDesignRendered(comp, ['cell', 'tag', 'button']);
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
    // Typed into the search field and 搜索 tapped: the field's events reach the page.
    const field = comp.querySelector('#search') as any;
    field.querySelector('.search-field__input').dispatchEvent('input', { detail: { value: '备案' } });
    field.querySelector('.search-field__action').dispatchEvent('tap');
    await settle();
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
    // 清除 (named for 读屏), then the whole list again.
    const clear = field.querySelector('.search-field__clear');
    expect(clear.dom.getAttribute('aria-label')).toBe('清除');
    clear.dispatchEvent('tap');
    await settle();
    expect(data(comp).keyword).toBe('');
    expect(data(comp).total).toBe(28);
    expect(field.querySelector('.search-field__clear')).toBeFalsy();
    // The keyboard's 搜索 key searches too.
    field.querySelector('.search-field__input').dispatchEvent('input', { detail: { value: '转诊' } });
    field.querySelector('.search-field__input').dispatchEvent('confirm', { detail: { value: '转诊' } });
    await settle();
    expect(data(comp).items.map((i: any) => i.name)).toEqual(['异地转诊人员备案']);
  });

  it('names its search field for 读屏 by what it is for, not only by the placeholder that typing hides', async () => {
    const comp = await renderPage(pages.catalog, { cityCode: '131000' });
    const input = (comp.querySelector('#search') as any).querySelector('.search-field__input').dom as HTMLElement;
    expect(input.getAttribute('role')).toBe('textbox');
    expect(searchFieldName(comp)).toBe('搜索办事事项：输入事项名称');
    expect(input.getAttribute('aria-placeholder')).toBe('输入事项名称，如：备案、报销');
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
