import type { LocalCloud } from '../helpers/localCloud';
import { testId, CONSENT_VERSION } from '../helpers/people';
import { actAs, expectTDesignRendered, html, loadPage, renderPage, rootClass, settle, startCloudForPages, textOf, wxCalls, wxStorage } from './harness';

jest.setTimeout(30_000);
let cloud: LocalCloud;
let pageId: string;
const g = globalThis as any;

beforeAll(async () => {
  cloud = await startCloudForPages();
  pageId = loadPage('members');
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});
beforeEach(() => wxStorage().clear());

const form = (comp: any) => comp.querySelector('#form');

describe('家庭成员', () => {
  it('sends a person without consent to the consent page first', async () => {
    actAs('fam-1');
    const comp = await renderPage(pageId);
    expect(textOf(comp)).toContain('还没有添加家庭成员');
    expectTDesignRendered(comp, ['empty', 'button']);
    (comp.instance as any).startAdding();
    expect(wxCalls('navigateTo').pop()!.args.url).toBe('/pages/consent/index');
  });

  it.each([['normal', false], ['elderly', true]])('adds a member through the form (%s mode), listed masked', async (_mode, elderly) => {
    const openid = `fam-add-${elderly}`;
    actAs(openid);
    if (elderly) wxStorage().set('elderlyMode', 'on');
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid });
    const comp = await renderPage(pageId);
    expect(rootClass(comp).includes('elderly')).toBe(elderly);
    (comp.instance as any).startAdding();
    await settle();
    expectTDesignRendered(comp, ['input', 'radio', 'button']);
    form(comp).instance.submit();
    await settle();
    expect(textOf(comp)).toContain('⚠ 请选择与您的关系');
    const id = testId(elderly ? 401 : 402, '19480220');
    for (const [field, value] of Object.entries({ relationship: '父母', name: '李秀英', idNumber: id, cityCode: '131000', scheme: 'employee', category: 'retired' })) {
      form(comp).instance.set(field, value);
    }
    expect(form(comp).instance.submit()).toBe(true);
    await settle();
    const text = textOf(comp);
    expect(text).toContain('父母 李*英');
    expect(text).toContain(`110***********${id.slice(-4)}`);
    expect(text).toContain('廊坊');
    expect(html(comp)).not.toContain(id);
    expectTDesignRendered(comp, ['cell', 'button']);
  });

  it('removes a member after confirmation', async () => {
    actAs('fam-add-false');
    const comp = await renderPage(pageId);
    const [member] = (comp.instance.data as any).members;
    g.__modalConfirms = true;
    try {
      (comp.instance as any).confirmRemove({ currentTarget: { dataset: { id: member.id } } });
      await settle();
    } finally {
      g.__modalConfirms = false;
    }
    expect(textOf(comp)).toContain('还没有添加家庭成员');
    const list = await cloud.call('user', { action: 'members' }, { openid: 'fam-add-false' });
    expect(list.data.members).toEqual([]);
  });
});
