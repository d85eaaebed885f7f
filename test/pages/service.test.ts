import { expectTDesignRendered, html, renderPage, simulate, textOf, usePageCloud, wxCalls } from './harness';

jest.setTimeout(30_000);

const { pages } = usePageCloud({ pages: ['service'] });

describe('service item detail', () => {
  it('shows a filing that can only be done at a hospital, with what to bring as a checklist', async () => {
    const comp = await renderPage(pages.service, { code: '140100-ydzz' });
    expectTDesignRendered(comp, ['cell', 'checkbox', 'tag']);
    const text = textOf(comp);
    expect(text).toContain('异地转诊人员备案');
    expect(text).toContain('官方未公布事项编码');
    expect(text).toContain('有转诊资格的医院医保科');
    expect(text).toContain('此事项不能在网上办理');
    expect(text).toContain('《转外住院审批表》');
    expect(text).toContain('卡环境检测');
    // No double colon: an immediate item says so on its own.
    expect(text).toContain('即时办结：材料齐全的，提交时即可办结');
    expect(text).not.toContain('如现在提交：即时办结');
    expect(text).toContain('0351-2377283');
  });

  it('ticks materials off one by one', async () => {
    const comp = await renderPage(pages.service, { code: '140100-ydzz' });
    (comp.instance as any).toggleMaterial({ currentTarget: { dataset: { index: 1 } } });
    await simulate.sleep(0);
    expect((comp.instance.data as any).materials.map((m: any) => m.checked)).toEqual([false, true, false]);
    expect(html(comp)).toMatch(/t-checkbox__icon[^"]*--checked|t-is-checked|t-checkbox--checked/);
  });

  it('shows a working-day limit with its due date if submitted now, and dials the supervision phone', async () => {
    const comp = await renderPage(pages.service, { code: '132036003002' });
    const text = textOf(comp);
    expect(text).toContain('事项编码 132036003002');
    expect(text).toContain('不超过20个工作日');
    expect(text).toMatch(/如现在提交，(预计)?\d{4}-\d\d-\d\d（星期.） 24:00 前办结/);
    (comp.instance as any).callPhone({ currentTarget: { dataset: { dial: '03162227529' } } });
    expect(wxCalls('makePhoneCall').pop()!.args.phoneNumber).toBe('03162227529');
  });

  it('falls back to the city’s phones, and says so when there are none', async () => {
    const beijing = await renderPage(pages.service, { code: '110000-ddbg' });
    expect(textOf(beijing)).toContain('12333');
    const zhongshan = await renderPage(pages.service, { code: '442000-mzxd' });
    expect(textOf(zhongshan)).toContain('资料中未列出电话');
  });

  it('explains an unknown item and offers a retry', async () => {
    const comp = await renderPage(pages.service, { code: '132036099999' });
    expect(textOf(comp)).toContain('没有找到这个事项');
    expectTDesignRendered(comp, ['empty', 'button']);
  });
});
