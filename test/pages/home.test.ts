import { actAs, expectTDesignRendered, renderPage, settle, textOf, usePageCloud, wxCalls, wxStorage } from './harness';

jest.setTimeout(30_000);

const { cloud, pages } = usePageCloud({ pages: ['home'] });

describe('home page', () => {
  it('renders TDesign components with the cities from the catalog function', async () => {
    wxStorage().clear();
    const comp = await renderPage(pages.home);
    expectTDesignRendered(comp, ['cell']);
    const data = comp.instance.data as any;
    expect(data.cities.map((c: any) => c.name)).toEqual(['北京', '中山', '太原', '廊坊']);
    // No city remembered yet: the picker opens, asking.
    expect(data.pickerVisible).toBe(true);
    expect(textOf(comp)).toContain('请选择参保地');
  });

  it('before a city is chosen, the flows invite choosing one and say nothing is missing; a tap opens the list', async () => {
    wxStorage().clear();
    const comp = await renderPage(pages.home);
    (comp.instance as any).closeCityPicker();
    await settle();
    const text = textOf(comp);
    expect(text).not.toContain('暂未开通');
    expect(text).toContain('先选择参保地，看能否在线办理');
    expect((comp.instance.data as any).flows.map((f: any) => f.off)).toEqual([false, false, false]);
    (comp.instance as any).onFlowTap({ currentTarget: { dataset: { flow: 'filing' } } });
    expect((comp.instance.data as any).pickerVisible).toBe(true);
  });

  it('remembers the chosen city across launches', async () => {
    wxStorage().clear();
    const first = await renderPage(pages.home);
    (first.instance as any).onCitySelected({ detail: { selected: { value: '140100' } } });
    await settle();
    expect(wxStorage().get('cityCode')).toBe('140100');
    expect(textOf(first)).toContain('太原');
    expect(textOf(first)).toContain('0351-2377283');

    const relaunch = await renderPage(pages.home);
    expect((relaunch.instance.data as any).city.code).toBe('140100');
    expect((relaunch.instance.data as any).pickerVisible).toBe(false);
  });

  it('工作台 appears when the page is shown again after the account is made staff, without a reload', async () => {
    actAs('home-new-staff');
    const comp = await renderPage(pages.home);
    expect(textOf(comp)).not.toContain('工作台（工作人员）');
    await cloud.call('probe', {
      action: 'put',
      collection: 'staff',
      doc: { _id: 'home-new-staff', cityCode: '140100' },
    });
    await (comp.instance as any).onShow();
    await settle();
    expect(textOf(comp)).toContain('工作台（工作人员）');
  });

  it('dials a phone with one tap', async () => {
    wxStorage().set('cityCode', '131000');
    const comp = await renderPage(pages.home);
    (comp.instance as any).callPhone({ currentTarget: { dataset: { dial: '03162227529' } } });
    expect(wxCalls('makePhoneCall').pop()!.args).toMatchObject({ phoneNumber: '03162227529' });
  });

  it('shows a flow the city does not offer as not offered, with a way on', async () => {
    wxStorage().set('cityCode', '110000');
    const comp = await renderPage(pages.home);
    const flows = (comp.instance.data as any).flows;
    expect(flows.find((f: any) => f.flow === 'filing')).toMatchObject({
      available: false,
      off: true,
      description: '本市暂未开通',
    });
    (comp.instance as any).onFlowTap({ currentTarget: { dataset: { flow: 'filing' } } });
    const modal = wxCalls('showModal').pop()!.args;
    expect(modal.content).toContain('北京暂未开通');
    expect(modal.confirmText).toBe('看办事指南');
  });

  it('shows the failure and a retry when the cloud cannot be reached', async () => {
    const wx = (globalThis as any).wx;
    const real = wx.cloud.callFunction;
    wx.cloud.callFunction = () => Promise.reject(new Error('offline'));
    try {
      const comp = await renderPage(pages.home);
      expect(textOf(comp)).toContain('网络不给力');
      expectTDesignRendered(comp, ['button', 'empty']);
    } finally {
      wx.cloud.callFunction = real;
    }
  });
});
