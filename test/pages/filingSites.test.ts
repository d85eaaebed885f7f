import { FACTS, withProfile } from '../helpers/people';
import {
  actAs,
  expectTDesignRendered,
  renderPage,
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
const { cloud, pages } = usePageCloud({ pages: ['filing-form', 'filing-certificate'] });
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
    expectTDesignRendered(form, ['cell', 'search', 'button']);
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
  });
});
