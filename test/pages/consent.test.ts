import { OPERATOR } from '../../cloudfunctions/core/identity/consent';
import { CONSENT_VERSION } from '../helpers/people';
import {
  actAs,
  expectTDesignRendered,
  renderPage,
  rootClass,
  settle,
  textOf,
  usePageCloud,
  wxCalls,
  wxStorage,
} from './harness';

jest.setTimeout(30_000);

const { cloud, pages } = usePageCloud({ pages: ['consent'] });

describe('个人信息收集与使用告知', () => {
  it.each([
    ['normal', false],
    ['elderly', true],
  ])('states purpose, storage and retention, and records agreement (%s mode)', async (_mode, elderly) => {
    const openid = `consent-${elderly}`;
    actAs(openid);
    wxStorage().clear();
    if (elderly) wxStorage().set('elderlyMode', 'on');
    const comp = await renderPage(pages.consent);
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

  it('says what PIPL 第十七条 requires: who processes (while no operator is fixed: plainly a trial, and who will run it), the kinds, and how to exercise each right', async () => {
    actAs('consent-art17');
    wxStorage().clear();
    const comp = await renderPage(pages.consent);
    const text = textOf(comp);
    for (const heading of ['谁在处理您的信息', '收集哪些信息', '怎样处理', '怎样行使您的权利'])
      expect(text).toContain(heading);
    if (OPERATOR.name === null) {
      // No operator is fixed yet: in plain words, a trial, who will run it, and that the name and contact come
      // before release — no bracketed note to a deployer, and nobody invented (no company, phone or address).
      expect(text).not.toContain('【');
      expect(text).not.toContain('待运营者填写');
      expect(text).toContain('这是试用版（演示用）');
      expect(text).toContain('正式上线后，由参保地的医保经办机构或受它委托的单位运营');
      expect(text).toContain('运营者的名称和联系方式会在正式上线前写在这里');
      expect(text).toContain('请不要用它办理真实业务');
      expect((comp.instance as any).data.trial).toBe(true);
      expect(text).not.toMatch(/\d{3,4}-\d{7,8}|@|有限公司/);
    } else {
      expect(text).toContain(OPERATOR.name);
      expect(text).toContain(OPERATOR.contact!);
    }
    // Kinds of data, sensitive ones named as such, and how long each is kept.
    for (const kind of ['证件号码', '手机号码', '参保地', '敏感个人信息']) expect(text).toContain(kind);
    expect(text).toContain('保存到您删除为止');
    // Each right, with where in the app it is exercised.
    for (const right of ['查阅：', '更正：', '删除：', '撤回同意：', '复制']) expect(text).toContain(right);
    expect(text).toContain('删除我的资料');
  });
});
