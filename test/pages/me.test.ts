import type { LocalCloud } from '../helpers/localCloud';
import { profile as profileEvent, testId, CONSENT_VERSION } from '../helpers/people';
import { actAs, expectTDesignRendered, html, loadPage, renderPage, rootClass, settle, startCloudForPages, textOf, wxCalls, wxStorage } from './harness';

jest.setTimeout(30_000);
let cloud: LocalCloud;
let pageId: string;
const g = globalThis as any;

beforeAll(async () => {
  cloud = await startCloudForPages();
  pageId = loadPage('me');
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});
beforeEach(() => {
  wxStorage().clear();
  g.__fontSizeSetting = 17;
});

const form = (comp: any) => comp.querySelector('#form');
async function fill(comp: any, values: Record<string, string>) {
  for (const [field, value] of Object.entries(values)) form(comp).instance.set(field, value);
  await settle();
}

describe('我的: profile', () => {
  it('asks for consent before any ID number', async () => {
    actAs('me-user-1');
    const comp = await renderPage(pageId);
    expectTDesignRendered(comp, ['cell', 'switch', 'button']);
    expect(textOf(comp)).toContain('填写证件号码前，需要您的同意');
    expect(form(comp)).toBeFalsy();
  });

  it('shows each problem next to its field, from the client’s checks and the server’s', async () => {
    actAs('me-user-2');
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'me-user-2' });
    const comp = await renderPage(pageId);
    expectTDesignRendered(comp, ['input', 'radio']);
    await fill(comp, { name: '王小明', idNumber: '110105199902300011', mobile: '1380013800' });
    expect(form(comp).instance.submit()).toBe(false);
    await settle();
    const markup = html(comp);
    expect(markup).toContain('t-input__tips');
    expect(textOf(comp)).toContain('⚠ 其中的出生日期不存在，请核对');
    expect(textOf(comp)).toContain('⚠ 应为 11 位，现在是 10 位');
    expect(textOf(comp)).toContain('⚠ 请选择参保地');

    // Someone else already holds this ID number: the server refuses and the page explains.
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'holder' });
    await cloud.call('user', profileEvent(301), { openid: 'holder' });
    await fill(comp, { idNumber: testId(301), mobile: '13800138000', cityCode: '131000', scheme: 'employee', category: 'retired' });
    expect(form(comp).instance.submit()).toBe(true);
    await settle();
    expect(wxCalls('showModal').pop()!.args.content).toContain('已绑定另一个微信账号');
  });

  it('saves and then shows only masked values', async () => {
    actAs('me-user-3');
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'me-user-3' });
    const comp = await renderPage(pageId);
    const id = testId(302);
    await fill(comp, { name: '王小明', idNumber: id, mobile: '13800138000', cityCode: '140100', scheme: 'employee', category: 'employed' });
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
    const comp = await renderPage(pageId);
    expect(rootClass(comp)).not.toContain('elderly');
    (comp.instance as any).onElderlyChange({ detail: { value: true } });
    await settle();
    expect(rootClass(comp)).toContain('elderly');
    expect(wxStorage().get('elderlyMode')).toBe('on');
    const again = await renderPage(pageId);
    expect(rootClass(again)).toContain('elderly');
  });

  it('turns itself on when WeChat’s font size is large, unless the person chose', async () => {
    actAs('me-user-1');
    g.__fontSizeSetting = 22;
    expect(rootClass(await renderPage(pageId))).toContain('elderly');
    wxStorage().set('elderlyMode', 'off');
    expect(rootClass(await renderPage(pageId))).not.toContain('elderly');
  });

  it('renders the profile form with TDesign in elderly mode', async () => {
    actAs('me-user-2');
    wxStorage().set('elderlyMode', 'on');
    const comp = await renderPage(pageId);
    expect(rootClass(comp)).toContain('elderly');
    expectTDesignRendered(comp, ['input', 'radio', 'button']);
    await fill(comp, { name: '' });
    form(comp).instance.submit();
    await settle();
    expect(textOf(comp)).toContain('⚠ 请填写姓名');
  });
});
