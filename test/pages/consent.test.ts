import { CONSENT_VERSION } from '../helpers/people';
import type { LocalCloud } from '../helpers/localCloud';
import { actAs, expectTDesignRendered, loadPage, renderPage, rootClass, settle, startCloudForPages, textOf, wxCalls, wxStorage } from './harness';

jest.setTimeout(30_000);
let cloud: LocalCloud;
let pageId: string;

beforeAll(async () => {
  cloud = await startCloudForPages();
  pageId = loadPage('consent');
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

describe('个人信息收集与使用告知', () => {
  it.each([['normal', false], ['elderly', true]])('states purpose, storage and retention, and records agreement (%s mode)', async (_mode, elderly) => {
    const openid = `consent-${elderly}`;
    actAs(openid);
    wxStorage().clear();
    if (elderly) wxStorage().set('elderlyMode', 'on');
    const comp = await renderPage(pageId);
    expect(rootClass(comp).includes('elderly')).toBe(elderly);
    expectTDesignRendered(comp, ['button']);
    const text = textOf(comp);
    for (const heading of ['为什么收集', '怎样保存', '保存多久', '是否提供给他人']) expect(text).toContain(heading);
    expect(text).toContain(`版本 ${CONSENT_VERSION}`);
    await (comp.instance as any).agree();
    await settle();
    expect(wxCalls('navigateBack').length).toBeGreaterThan(0);
    const me = await cloud.call('user', { action: 'me' }, { openid });
    expect(me.data.consent).toMatchObject({ upToDate: true, given: { version: CONSENT_VERSION } });
    expect(textOf(comp)).toMatch(/您已于 \d{4}-\d\d-\d\d \d\d:\d\d 同意/);
  });
});
