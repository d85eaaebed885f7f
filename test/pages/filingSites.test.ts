import { FACTS, withProfile } from '../helpers/people';
import {
  actAs,
  expectTDesignRendered,
  renderPage,
  searchFieldName,
  setClock,
  settle,
  textOf,
  usePageCloud,
  wxCalls,
  wxStorage,
} from './harness';

// Issue 31 on the pages: the destination's connected institutions on the form, the check before submit, and
// 到院怎么结算 on the certificate.
jest.setTimeout(60_000);
const { cloud, pages } = usePageCloud({ pages: ['filing-form', 'filing-certificate', 'filing-sites'] });
const g = globalThis as any;
const query = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1]));
const FORM = { provinceCode: '440000', cityCode: '440100', typeCode: '140100-kjfj', startDate: '2026-12-01' };

describe.each([
  ['normal', false],
  ['elderly', true],
])('filing to 广州 (%s mode)', (_mode, elderly) => {
  beforeEach(() => {
    wxStorage().clear();
    if (elderly) wxStorage().set('elderlyMode', 'on');
    setClock('2026-11-24T10:00:00+08:00');
  });

  it('shows the connected count, finds a named hospital, and warns before submit without blocking', async () => {
    await withProfile(cloud, `fs-${elderly}`, elderly ? 811 : 812, FACTS.taiyuanRetired);
    actAs(`fs-${elderly}`);
    const form = await renderPage(pages['filing-form'], FORM);
    await settle();
    expectTDesignRendered(form, ['cell', 'button']);
    expect(searchFieldName(form)).toBe('查找要去的医院：名称或拼音');
    expect(textOf(form)).toContain('广州市 可直接结算住院的医药机构 10 家（示例数据，不是真实名单）');

    const f = form.instance as any;
    f.onSiteKeyword({ detail: { value: '门诊部' } });
    await f.searchSites();
    await settle();
    expect(textOf(form)).toContain('示例·广州社区门诊部');
    expect(textOf(form)).toContain('可直接结算：普通门诊');
    expect(textOf(form)).toContain('示例');
    await f.chooseSite({ currentTarget: { dataset: { code: 'SAMPLE-SITE-440100-011', name: '示例·广州社区门诊部' } } });
    await settle();
    expect(textOf(form)).toContain('提交前请留意');
    expect(textOf(form)).toContain('示例·广州社区门诊部（示例数据）没有开通住院的跨省直接结算');

    await f.onReturn({ detail: { value: '2027-08-01' } });
    await settle();
    const text = textOf(form);
    expect(text).toContain('这次备案到2027年5月31日为止，早于您预计回来的2027年8月1日');
    expect(text).toContain('怎么办：到期前可以再办一次备案（续办），从2027年6月1日起接着有效');
    // Warnings never block: the filing can be submitted.
    expect(f.data.preview.allowed).toBe(true);
    await f.submit();
    await settle();
    const certUrl = wxCalls('redirectTo').pop()!.args.url as string;
    expect(certUrl).toMatch(/^\/pages\/filing-certificate\/index\?filingId=BA\d{16}&fresh=1$/);

    const cert = await renderPage(pages['filing-certificate'], query(certUrl));
    await settle();
    const c = textOf(cert);
    expect(c).toContain('到院怎么结算');
    expect(c).toContain('1. 带上本人社会保障卡或医保电子凭证');
    expect(c).toContain(`已办理异地就医备案（备案编号 ${query(certUrl).filingId}`);
    expect(c).toContain('卡环境检测');

    // …and links to where it settles directly: 广州's sites for 住院, found by name or nearest first.
    expect(c).toContain('查看广州市可直接结算的医院');
    (cert.instance as any).goSites();
    const sitesUrl = wxCalls('navigateTo').pop()!.args.url as string;
    expect(sitesUrl).toBe(
      '/pages/filing-sites/index?provinceCode=440000&cityCode=440100&insuredCity=140100&typeCode=140100-kjfj',
    );
    const sites = await renderPage(pages['filing-sites'], query(sitesUrl));
    expectTDesignRendered(sites, ['cell', 'button']);
    expect(searchFieldName(sites)).toBe('查找医院：名称或拼音');
    const s = sites.instance as any;
    expect(textOf(sites)).toContain('广州市 可直接结算住院的医药机构 10 家（示例数据，不是真实名单）');
    expect(textOf(sites)).toContain('以下为示例数据（不是真实医院）');
    expect(textOf(sites)).toContain('示例·广州第1人民医院');
    expect(textOf(sites)).not.toContain('示例·广州社区门诊部');
    s.onKeywordChange({ detail: { value: 'fuyou' } });
    await s.search();
    await settle();
    expect(textOf(sites)).toContain('找到 1 家');
    expect(textOf(sites)).toContain('示例·广州妇幼保健院');
    expect(textOf(sites)).toContain('可直接结算：住院 · 三级');

    // 离我最近, once the person allows the location: nearest first, each with its distance.
    s.onClear();
    g.__location = { latitude: 23.117, longitude: 113.28 };
    s.locate();
    await settle();
    delete g.__location;
    const near = textOf(sites);
    expect(near).toContain('共 10 家，由近到远');
    expect(near.indexOf('示例·广州第4人民医院')).toBeLessThan(near.indexOf('示例·广州第1人民医院'));
    expect(near).toMatch(/示例·广州第4人民医院可直接结算：住院 · 普通门诊 · 门诊慢特病 · 二级 · \d+ 米/);
    expect(near).toContain('取消按距离');
    // Refused: it says where to allow it, and the list stays.
    await s.clearNear();
    s.locate();
    expect(wxCalls('showModal').pop()!.args).toMatchObject({ title: '没有获取到位置' });
    expect(textOf(sites)).toContain('离我最近');
  });
});

describe('到期提醒 asked for right after filing, once', () => {
  const file = async (openid: string, index: number, extra: Record<string, unknown> = {}) => {
    await withProfile(cloud, openid, index, FACTS.taiyuanRetired);
    const filed = await cloud.call(
      'filing',
      { action: 'submit', cityCode: '140100', destination: { provinceCode: '440000', cityCode: '440100' }, ...extra },
      { openid, now: '2026-11-24T10:00:00+08:00' },
    );
    expect(filed.ok).toBe(true);
    actAs(openid);
    return filed.data.filingId as string;
  };
  const temporary = (requestId: string) => ({
    typeCode: '140100-kjfj',
    startDate: '2026-12-01',
    plannedReturn: '2027-08-01',
    requestId,
  });
  const ASK = '到期前提醒您吗？';

  beforeEach(() => {
    wxStorage().clear();
    setClock('2026-11-24T10:00:00+08:00');
  });
  afterEach(() => delete g.__subscribeAnswer);

  it('says why, asks WeChat on 到期前提醒我, turns the reminder on, and does not ask again', async () => {
    const filingId = await file('remind-page-1', 851, temporary('remind-page-1-filing'));
    g.__subscribeAnswer = 'accept';
    const cert = await renderPage(pages['filing-certificate'], { filingId, fresh: '1' });
    const text = textOf(cert);
    expect(text).toContain(ASK);
    expect(text).toContain('这次备案到2027年5月31日为止，早于您预计回来的2027年8月1日。');
    expect(text).toContain('到期前7天（2027年5月24日），微信会提醒您一次');
    expect(text).toContain('到期前提醒我');
    expect(text).toContain('不用提醒');
    // Not asked before the tap: WeChat's dialog follows the person's tap.
    const asked = wxCalls('requestSubscribeMessage').length;
    (cert.instance as any).allowReminder();
    await settle();
    expect(wxCalls('requestSubscribeMessage')).toHaveLength(asked + 1);
    expect(wxCalls('requestSubscribeMessage').pop()!.args).toMatchObject({ tmplIds: ['local-filing-expiring'] });
    expect(textOf(cert)).not.toContain(ASK);
    expect(textOf(cert)).toContain('已开启到期提醒');
    const detail = await cloud.call('filing', { action: 'detail', filingId }, { openid: 'remind-page-1' });
    expect(detail.data.reminder.on).toBe(true);

    // Opened again (here or on another phone): not asked again.
    const again = await renderPage(pages['filing-certificate'], { filingId, fresh: '1' });
    expect(textOf(again)).not.toContain(ASK);
    wxStorage().clear();
    const elsewhere = await renderPage(pages['filing-certificate'], { filingId, fresh: '1' });
    expect(textOf(elsewhere)).not.toContain(ASK);
    expect(textOf(elsewhere)).toContain('已开启到期提醒');
  });

  it.each([
    ['refused in WeChat’s dialog', 'reject', '没有开启到期提醒'],
    ['not wanted (不用提醒)', 'later', '好的，不提醒'],
  ])('%s: said plainly, remembered, and not asked again for that filing', async (_case, answer, said) => {
    const filingId = await file(`remind-page-${answer}`, answer === 'reject' ? 852 : 853, temporary(`rp-${answer}-1`));
    g.__subscribeAnswer = 'reject';
    const cert = await renderPage(pages['filing-certificate'], { filingId, fresh: '1' });
    expect(textOf(cert)).toContain(ASK);
    if (answer === 'reject') (cert.instance as any).allowReminder();
    else (cert.instance as any).noReminder();
    await settle();
    expect(textOf(cert)).not.toContain(ASK);
    expect(textOf(cert)).toContain(said);
    expect(textOf(cert)).toContain('有效期写在本凭证上');
    const detail = await cloud.call('filing', { action: 'detail', filingId }, { openid: `remind-page-${answer}` });
    expect(detail.data.reminder.on).toBe(false);
    const again = await renderPage(pages['filing-certificate'], { filingId, fresh: '1' });
    expect(textOf(again)).not.toContain(ASK);
  });

  it('is not asked when it cannot help: a long-term filing, or the certificate opened later', async () => {
    g.__subscribeAnswer = 'accept';
    const asked = wxCalls('requestSubscribeMessage').length;
    const longTerm = await file('remind-page-long', 854, {
      typeCode: '140100-ydcz',
      startDate: '2026-12-01',
      address: '广州市越秀区示例路1号',
      contactPhone: '13900000854',
      requestId: 'remind-page-long-1',
    });
    expect(textOf(await renderPage(pages['filing-certificate'], { filingId: longTerm, fresh: '1' }))).not.toContain(
      ASK,
    );
    const temp = await file('remind-page-later', 855, temporary('remind-page-later-1'));
    expect(textOf(await renderPage(pages['filing-certificate'], { filingId: temp }))).not.toContain(ASK);
    expect(wxCalls('requestSubscribeMessage')).toHaveLength(asked);
  });
});
