import { checkDigit } from '../../miniprogram/shared/personal';
import { CONSENT_VERSION, FACTS, profile } from '../helpers/people';
import {
  actAs,
  expectTDesignRendered,
  renderPage,
  rootClass,
  setClock,
  settle,
  textOf,
  usePageCloud,
  wxCalls,
  wxStorage,
} from './harness';

// 窗口核验 through the pages: a 港澳台居民居住证 holder and a foreign resident insured in 中山 are shown a code on
// 我的 → 到窗口核验, staff confirm it in the 工作台, and each selects a community clinic.
jest.setTimeout(90_000);
const withCheck = (first17: string) => first17 + checkDigit(first17);

const { cloud, pages } = usePageCloud({ pages: ['me', 'window-check', 'rating-desk', 'facility-confirm'] });
beforeAll(() =>
  cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: 'wc-staff', cityCode: '442000' } }),
);
beforeEach(() => {
  wxStorage().clear();
  setClock('2026-11-26T10:00:00+08:00');
});

const data = (comp: any) => comp.instance.data as any;
const lastUrl = (api: string) => wxCalls(api).pop()!.args.url as string;

describe.each([
  ['港澳台居民居住证', 'hkMacaoTaiwanResidence', withCheck('82000019880808001'), false],
  ['外国人永久居留身份证', 'foreignPermanentResidence', withCheck('93315619770707001'), true],
])('%s', (label, idType, idNumber, elderly) => {
  it('我的 → 到窗口核验 → staff confirm in the 工作台 → a community clinic selected', async () => {
    const openid = `wc-${idType}`;
    if (elderly) wxStorage().set('elderlyMode', 'on');
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid });
    await cloud.call('user', profile(0, { ...FACTS.zhongshanResident, idType, idNumber, name: '陈大文' }), { openid });
    actAs(openid);

    const me = await renderPage(pages.me);
    expect(rootClass(me).includes('elderly')).toBe(elderly);
    expect(textOf(me)).toContain('还未实人认证');
    expect(textOf(me)).toContain('到窗口核验：出示核验码');
    (me.instance as any).goWindowCheck();
    expect(lastUrl('navigateTo')).toBe('/pages/window-check/index');

    const shown = await renderPage(pages['window-check']);
    expectTDesignRendered(shown, ['button']);
    expect(textOf(shown)).toContain('请把这个核验码给窗口工作人员');
    expect(textOf(shown)).toContain(`（${label}）`);
    expect(textOf(shown)).toContain('中山的医保经办窗口');
    expect(textOf(shown)).toContain('2026-11-26 10:10 前有效');
    const code = data(shown).code as string;
    expect(data(shown).codeShown).toBe(`${code.slice(0, 4)} ${code.slice(4)}`);
    // Not yet confirmed: it says so, and stays.
    await (shown.instance as any).check();
    expect(textOf(shown)).toContain('窗口还没有确认');

    // The window: staff type the code, compare, confirm.
    actAs('wc-staff');
    const desk = await renderPage(pages['rating-desk']);
    (desk.instance as any).onCheckCode({ detail: { value: code } });
    await (desk.instance as any).lookupCheck();
    await settle();
    expect(textOf(desk)).toContain('陈大文');
    expect(textOf(desk)).toContain(label);
    expect(textOf(desk)).not.toContain(idNumber);
    (desk.instance as any).onCodeField({
      currentTarget: { dataset: { field: 'codeWindow' } },
      detail: { value: 'A27 号窗口' },
    });
    await (desk.instance as any).confirmCheck();
    await settle();
    expect(wxCalls('showToast').pop()!.args.title).toBe('核验通过');

    // Back on the person's phone: verified, and the way on.
    actAs(openid);
    await (shown.instance as any).check();
    await settle();
    expect(textOf(shown)).toContain('已完成实人认证');
    expect(textOf(shown)).toContain('窗口核验（A27 号窗口，2026-11-26）');
    const again = await renderPage(pages.me);
    expect(textOf(again)).toContain('已实人认证 · 窗口核验（A27 号窗口，2026-11-26）');

    const clinic = (
      await cloud.call('facility', { action: 'search', cityCode: '442000', type: 'communityStation', limit: 1 })
    ).data.items[0];
    const confirm = await renderPage(pages['facility-confirm'], { code: clinic.code, op: 'select' });
    await (confirm.instance as any).submit();
    await settle();
    expect(textOf(confirm)).toContain('办理成功');
    expect(data(confirm).result.status).toBe('生效');
  });
});
