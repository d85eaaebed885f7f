import { FACTS, profile as profileEvent, testId, withProfile, CONSENT_VERSION } from '../helpers/people';
import {
  actAs,
  expectTDesignRendered,
  html,
  renderPage,
  rootClass,
  settle,
  textOf,
  untilText,
  usePageCloud,
  wxCalls,
  wxStorage,
} from './harness';

jest.setTimeout(30_000);
const g = globalThis as any;

const { cloud, pages } = usePageCloud({ pages: ['me'] });
beforeEach(() => {
  wxStorage().clear();
  g.__fontSizeSetting = 17;
  g.__sdkVersion = undefined;
});

const form = (comp: any) => comp.querySelector('#form');
async function fill(comp: any, values: Record<string, string>) {
  for (const [field, value] of Object.entries(values)) form(comp).instance.set(field, value);
  await settle();
}

describe('我的: profile', () => {
  it('asks for consent before any ID number', async () => {
    actAs('me-user-1');
    const comp = await renderPage(pages.me);
    expectTDesignRendered(comp, ['cell', 'switch', 'button']);
    expect(textOf(comp)).toContain('填写证件号码前，需要您的同意');
    expect(form(comp)).toBeFalsy();
  });

  it('asks again, saying the notice changed, when the person agreed only to an older text', async () => {
    await withProfile(cloud, 'me-old-consent', 591, FACTS.taiyuanRetired);
    await cloud.call('probe', {
      action: 'update',
      collection: 'users',
      id: 'me-old-consent',
      data: { 'consent.version': '2026-01-01' },
    });
    actAs('me-old-consent');
    const comp = await renderPage(pages.me);
    expect(textOf(comp)).toContain('告知已更新，请再次阅读并同意');
    expect(textOf(comp)).toContain('阅读并同意');
  });

  it('shows each problem next to its field, from the client’s checks and the server’s', async () => {
    actAs('me-user-2');
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'me-user-2' });
    const comp = await renderPage(pages.me);
    expectTDesignRendered(comp, ['input', 'radio']);
    await fill(comp, { name: '王小明', idNumber: '110105199902300011', mobile: '1380013800' });
    expect(form(comp).instance.submit()).toBe(false);
    await settle();
    // Each problem inside its field (the t-input's tips slot) and announced by 读屏 (aria-role alert).
    const alerts = (sel: string) =>
      Array.from((comp.dom as HTMLElement).querySelectorAll(sel), (el) => el.textContent!.trim());
    expect(alerts('[class*="t-input__wrap"] [role="alert"]')).toEqual([
      '⚠ 其中的出生日期不存在，请核对',
      '⚠ 应为 11 位，现在是 10 位',
    ]);
    expect(alerts('[role="alert"]')).toContain('⚠ 请选择参保地');

    // Someone else holds this ID number, verified: saving binds nothing, and the face check here is refused
    // (the number stays with its verified owner) — the page explains.
    await withProfile(cloud, 'holder', 301, FACTS.langfangEmployee);
    await fill(comp, {
      idNumber: testId(301),
      mobile: '13800138000',
      cityCode: '131000',
      scheme: 'employee',
      category: 'retired',
    });
    expect(form(comp).instance.submit()).toBe(true);
    await untilText(comp, '还未实人认证');
    await (comp.instance as any).startFace();
    await untilText(comp, '已在另一个微信账号完成实人认证');
    expect(textOf(comp)).toContain('重新开始刷脸认证');
    expect((await cloud.call('user', { action: 'me' }, { openid: 'me-user-2' })).data.profile.verifiedAt).toBeNull();
  });

  it('参保地 starts as the city chosen on the home page, and is saved unless changed', async () => {
    wxStorage().set('cityCode', '442000');
    actAs('me-home-city');
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'me-home-city' });
    const comp = await renderPage(pages.me);
    expect(form(comp).instance.data.values.cityCode).toBe('442000');
    const checked = Array.from((comp.dom as HTMLElement).querySelectorAll('[class*="__title--checked"]'), (el) =>
      el.textContent!.trim(),
    );
    expect(checked).toContain('中山');
    await fill(comp, {
      name: '王小明',
      idNumber: testId(592),
      mobile: '13800138592',
      scheme: 'resident',
      category: 'residentAdult',
    });
    expect(form(comp).instance.submit()).toBe(true);
    await untilText(comp, '还未实人认证');
    expect((await cloud.call('user', { action: 'me' }, { openid: 'me-home-city' })).data.profile.cityCode).toBe(
      '442000',
    );
  });

  it('saves and then shows only masked values', async () => {
    actAs('me-user-3');
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'me-user-3' });
    const comp = await renderPage(pages.me);
    const id = testId(302);
    await fill(comp, {
      name: '王小明',
      idNumber: id,
      mobile: '13800138000',
      cityCode: '140100',
      scheme: 'employee',
      category: 'employed',
    });
    expect(form(comp).instance.submit()).toBe(true);
    await settle();
    const text = textOf(comp);
    expect(text).toContain('王*明');
    expect(text).toContain(`110***********${id.slice(-4)}`);
    expect(text).toContain('138****8000');
    expect(html(comp)).not.toContain(id);
    expect(html(comp)).not.toContain('13800138000');
  });
});

describe('长辈模式', () => {
  it('is off by default and turns on with the switch, remembered', async () => {
    actAs('me-user-1');
    const comp = await renderPage(pages.me);
    expect(rootClass(comp)).not.toContain('elderly');
    (comp.instance as any).onElderlyChange({ detail: { value: true } });
    await settle();
    expect(rootClass(comp)).toContain('elderly');
    expect(wxStorage().get('elderlyMode')).toBe('on');
    const again = await renderPage(pages.me);
    expect(rootClass(again)).toContain('elderly');
  });

  it('turns itself on when WeChat’s font size is large, unless the person chose', async () => {
    actAs('me-user-1');
    g.__fontSizeSetting = 22;
    const large = await renderPage(pages.me);
    expect(rootClass(large)).toContain('elderly');
    // 适老化: the primary actions' text follows WeChat's font size (28 px at 22; 30 from 24).
    expect((large.dom as HTMLElement).firstElementChild!.getAttribute('style')).toContain('--action-font-size: 28px');
    wxStorage().set('elderlyMode', 'off');
    expect(rootClass(await renderPage(pages.me))).not.toContain('elderly');
  });

  it('renders the profile form with TDesign in elderly mode', async () => {
    actAs('me-user-4');
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'me-user-4' });
    wxStorage().set('elderlyMode', 'on');
    const comp = await renderPage(pages.me);
    expect(rootClass(comp)).toContain('elderly');
    expectTDesignRendered(comp, ['input', 'radio', 'button']);
    await fill(comp, { name: '' });
    form(comp).instance.submit();
    await settle();
    expect(textOf(comp)).toContain('⚠ 请填写姓名');
  });
});

describe('实人认证 on 我的', () => {
  async function unverified(openid: string, index: number) {
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid });
    expect((await cloud.call('user', profileEvent(index), { openid })).ok).toBe(true);
    actAs(openid);
  }
  const verifiedAt = async (openid: string) =>
    (await cloud.call('user', { action: 'me' }, { openid })).data.profile.verifiedAt;

  it.each([
    ['normal', false],
    ['elderly', true],
  ])('a saved profile asks for the face check; a pass shows 已实人认证 (%s mode)', async (_mode, elderly) => {
    const openid = `me-face-pass-${elderly}`;
    await unverified(openid, elderly ? 311 : 312);
    if (elderly) wxStorage().set('elderlyMode', 'on');
    const comp = await renderPage(pages.me);
    expect(rootClass(comp).includes('elderly')).toBe(elderly);
    expectTDesignRendered(comp, ['cell', 'button']);
    expect(textOf(comp)).toContain('还未实人认证：刷脸确认是您本人后才能办理业务');
    expect(textOf(comp)).toContain('开始刷脸认证');
    expect((await cloud.call('user', { action: 'subject' }, { openid })).code).toBe('IDENTITY_UNVERIFIED');

    const faceCalls = wxCalls('requestFacialVerify').length;
    await (comp.instance as any).startFace();
    await untilText(comp, '已实人认证 · ');
    expect(wxCalls('requestFacialVerify').length).toBe(faceCalls + 1);
    expect(wxCalls('requestFacialVerify').pop()!.args.verifyId).toMatch(/^local-verify-/);
    expect(textOf(comp)).not.toContain('还未实人认证');
    expect(await verifiedAt(openid)).not.toBeNull();
    expect((await cloud.call('user', { action: 'subject' }, { openid })).ok).toBe(true);
    // Read again from the server: still verified.
    expect(textOf(await renderPage(pages.me))).toContain('已实人认证 · 刷脸核验（2026-11-26）');
  });

  it.each([
    ['cancel', '您取消了刷脸核验'],
    ['fail', '没有采集到清晰的人脸'],
  ])(
    'a face check that ends in %s shows the server’s plain message and a retry, which can pass',
    async (outcome, message) => {
      const openid = `me-face-${outcome}`;
      await unverified(openid, outcome === 'cancel' ? 313 : 314);
      const comp = await renderPage(pages.me);
      await cloud.setFaceOutcome(openid, outcome);
      await (comp.instance as any).startFace();
      await untilText(comp, message);
      expect(textOf(comp)).toContain('重新开始刷脸认证');
      expect(textOf(comp)).not.toContain('已实人认证');
      expect(await verifiedAt(openid)).toBeNull();

      await (comp.instance as any).startFace();
      await untilText(comp, '已实人认证 · ');
      expect(textOf(comp)).not.toContain(message);
      expect(await verifiedAt(openid)).not.toBeNull();
    },
  );

  it('on a WeChat older than 基础库 3.8.12 says to upgrade, and starts no face check', async () => {
    await unverified('me-face-old', 315);
    g.__sdkVersion = '3.8.11';
    const comp = await renderPage(pages.me);
    const faceCalls = wxCalls('requestFacialVerify').length;
    await (comp.instance as any).startFace();
    await untilText(comp, '请升级微信到最新版本后再刷脸');
    expect(wxCalls('requestFacialVerify').length).toBe(faceCalls);
    expect(await verifiedAt('me-face-old')).toBeNull();
  });

  it('on a phone that cannot run the face check says so, offers the window, and starts no session', async () => {
    await unverified('me-face-device', 317);
    g.__faceDevice = false;
    try {
      const comp = await renderPage(pages.me);
      const faceCalls = wxCalls('requestFacialVerify').length;
      await (comp.instance as any).startFace();
      await untilText(comp, '这台手机不能使用微信刷脸核验');
      expect(textOf(comp)).toContain('到窗口核验');
      expect(wxCalls('requestFacialVerify').length).toBe(faceCalls);
      expect(await verifiedAt('me-face-device')).toBeNull();
      const sessions = await cloud.call('probe', {
        action: 'list',
        collection: 'verifications',
        where: { openid: 'me-face-device' },
      });
      expect(sessions.data).toEqual([]);
    } finally {
      g.__faceDevice = undefined;
    }
  });

  it('tells a person once their unverified ID number went to its verified owner', async () => {
    await unverified('me-held', 316);
    await withProfile(cloud, 'me-owner', 316, FACTS.taiyuanRetired);
    const comp = await renderPage(pages.me);
    expect(textOf(comp)).toContain('您之前填写的证件号码已由证件本人完成实人认证，已从本账号移除');
    expect(form(comp)).toBeTruthy();
    expect(html(comp)).not.toContain(testId(316));
  });

  it('leads to 谁可以为我办理 and to entering an invitation code', async () => {
    actAs('me-user-1');
    const comp = await renderPage(pages.me);
    expect(textOf(comp)).toContain('谁可以为我办理');
    (comp.instance as any).goAgents();
    expect(wxCalls('navigateTo').pop()!.args.url).toBe('/pages/agents/index');
    (comp.instance as any).goInvite();
    expect(wxCalls('navigateTo').pop()!.args.url).toBe('/pages/invite/index');
  });
});
