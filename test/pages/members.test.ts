import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FACTS, PROOF_PHOTO, testId, withProfile, CONSENT_VERSION } from '../helpers/people';
import {
  actAs,
  expectTDesignRendered,
  html,
  renderPage,
  rootClass,
  setClock,
  settle,
  textOf,
  until,
  untilText,
  usePageCloud,
  wxCalls,
  wxStorage,
} from './harness';

jest.setTimeout(30_000);
const g = globalThis as any;

const { cloud, pages } = usePageCloud({ pages: ['members', 'invite', 'agents', 'rating-desk'] });
beforeEach(() => {
  wxStorage().clear();
  g.__modalConfirms = false;
});

const form = (comp: any) => comp.querySelector('#form');
const data = (comp: any) => comp.instance.data as any;
const lastUrl = (api: string) => wxCalls(api).pop()!.args.url as string;
async function fill(comp: any, values: Record<string, string>) {
  for (const [field, value] of Object.entries(values)) form(comp).instance.set(field, value);
  await settle();
}
/** Ticks 我是该未成年人的父母或法定监护人 through TDesign's own checkbox (its tap handler emits the change the form binds). */
function tickGuardian(comp: any) {
  const checkbox = form(comp).instance.selectComponent('#guardian');
  expect(checkbox).toBeTruthy();
  checkbox.handleTap({ currentTarget: { dataset: {} } });
}
/** Runs a page action that asks for confirmation first, confirming it. */
async function confirming(action: () => unknown, done: () => boolean, what: string) {
  g.__modalConfirms = true;
  try {
    action();
    await until(done, what);
  } finally {
    g.__modalConfirms = false;
  }
}
const subject = (openid: string, memberId: string) => cloud.call('user', { action: 'subject', memberId }, { openid });

/** Adds a member through the page's form; answers the page once the member is listed. */
async function addThroughForm(openid: string, values: Record<string, string>, guardian = false) {
  actAs(openid);
  const comp = await renderPage(pages.members);
  (comp.instance as any).startAdding();
  await settle();
  await fill(comp, values);
  if (guardian) tickGuardian(comp);
  const before = data(comp).members.length;
  expect(form(comp).instance.submit()).toBe(true);
  await until(() => data(comp).members.length > before, 'the member in the list');
  return comp;
}

describe('家庭成员', () => {
  it('sends a person without consent to the consent page first', async () => {
    actAs('fam-1');
    const comp = await renderPage(pages.members);
    expect(textOf(comp)).toContain('还没有添加家庭成员');
    expectTDesignRendered(comp, ['empty', 'button']);
    (comp.instance as any).startAdding();
    expect(lastUrl('navigateTo')).toBe('/pages/consent/index');
  });

  it('sends a person who is not yet verified to 我的 before adding anyone', async () => {
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'fam-2' });
    actAs('fam-2');
    const comp = await renderPage(pages.members);
    expect(textOf(comp)).toContain('请先填写本人信息并完成实人认证');
    (comp.instance as any).startAdding();
    expect(lastUrl('navigateTo')).toBe('/pages/me/index?back=1');
    expect(form(comp)).toBeFalsy();
  });

  it('a member’s 参保地 starts as the city chosen on the home page', async () => {
    await withProfile(cloud, 'fam-home-city', 431, FACTS.taiyuanRetired);
    actAs('fam-home-city');
    wxStorage().set('cityCode', '131000');
    const comp = await renderPage(pages.members);
    (comp.instance as any).startAdding();
    await settle();
    expect(form(comp).instance.data.values.cityCode).toBe('131000');
  });

  it.each([
    ['normal', false],
    ['elderly', true],
  ])('adds a member through the form (%s mode), listed masked', async (_mode, elderly) => {
    const openid = `fam-add-${elderly}`;
    actAs(openid);
    if (elderly) wxStorage().set('elderlyMode', 'on');
    await withProfile(cloud, openid, elderly ? 411 : 412, FACTS.taiyuanRetired);
    const comp = await renderPage(pages.members);
    expect(rootClass(comp).includes('elderly')).toBe(elderly);
    (comp.instance as any).startAdding();
    await settle();
    expectTDesignRendered(comp, ['input', 'radio', 'button', 'checkbox']);
    expect(textOf(comp)).toContain('我是该未成年人的父母或法定监护人');
    form(comp).instance.submit();
    await settle();
    expect(textOf(comp)).toContain('⚠ 请选择与您的关系');
    // 读屏: the problem is announced where it shows (an alert).
    const alerts = Array.from((comp.dom as HTMLElement).querySelectorAll('[role="alert"]')).map((el) => el.textContent);
    expect(alerts).toContain('⚠ 请选择与您的关系');
    const id = testId(elderly ? 401 : 402, '19480220');
    for (const [field, value] of Object.entries({
      relationship: '父母',
      name: '李秀英',
      idNumber: id,
      cityCode: '131000',
      scheme: 'employee',
      category: 'retired',
    })) {
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
    const comp = await renderPage(pages.members);
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

describe('授权: a family member agrees before anything is done for them', () => {
  it('an adult is 待授权 until they pass the face check on this phone (a cancelled check says so and can be retried)', async () => {
    await withProfile(cloud, 'fam-face', 413, FACTS.taiyuanRetired);
    const comp = await addThroughForm('fam-face', {
      relationship: '父母',
      name: '李秀英',
      idNumber: testId(414, '19500315'),
      cityCode: '131000',
      scheme: 'employee',
      category: 'retired',
    });
    const [member] = data(comp).members;
    expect(textOf(comp)).toContain('待授权：家人本人同意后，才能为其办理');
    expect(textOf(comp)).toContain('本人在这台手机上刷脸授权');
    expect(textOf(comp)).toContain('邀请家人在自己的微信里授权');
    expectTDesignRendered(comp, ['cell', 'button']);
    expect(await subject('fam-face', member.id)).toMatchObject({ ok: false, code: 'MEMBER_NOT_AUTHORIZED' });

    await cloud.setFaceOutcome('fam-face', 'cancel');
    await confirming(
      () => (comp.instance as any).authorizeByFace({ currentTarget: { dataset: { id: member.id } } }),
      () => textOf(comp).includes('您取消了刷脸核验'),
      'the cancelled check’s message',
    );
    expect(wxCalls('showModal').pop()!.args.content).toContain('请把手机交给父母 李*英本人');
    expect(textOf(comp)).toContain('重新开始刷脸授权');
    expect(textOf(comp)).toContain('待授权');

    const faceCalls = wxCalls('requestFacialVerify').length;
    await confirming(
      () => (comp.instance as any).authorizeByFace({ currentTarget: { dataset: { id: member.id } } }),
      () => textOf(comp).includes('已授权：本人刷脸'),
      '已授权',
    );
    expect(wxCalls('requestFacialVerify').length).toBe(faceCalls + 1);
    expect(textOf(comp)).not.toContain('本人在这台手机上刷脸授权');
    expect(textOf(comp)).not.toContain('您取消了刷脸核验');
    expect(await subject('fam-face', member.id)).toMatchObject({
      ok: true,
      data: { self: false, memberId: member.id },
    });
  });

  it('a minor is added on the guardian’s declaration; for an adult the declaration is refused next to the checkbox', async () => {
    await withProfile(cloud, 'fam-guardian', 415, FACTS.taiyuanRetired);
    actAs('fam-guardian');
    g.__chosenPhoto = join(mkdtempSync(join(tmpdir(), 'proof-')), 'hukou.jpg');
    writeFileSync(g.__chosenPhoto, PROOF_PHOTO);
    const comp = await renderPage(pages.members);
    (comp.instance as any).startAdding();
    await settle();
    await fill(comp, {
      relationship: '子女',
      name: '王小宝',
      idNumber: testId(416, '19900101'),
      cityCode: '140100',
      scheme: 'resident',
      category: 'residentAdult',
    });
    tickGuardian(comp);
    expect(form(comp).instance.submit()).toBe(true);
    await untilText(comp, '⚠ 成年家人需要本人刷脸确认，或在自己的微信里接受您的邀请');
    expect(data(comp).members).toHaveLength(0);

    const child = testId(417, '20150601');
    await fill(comp, { idNumber: child, category: 'student' });
    expect(form(comp).instance.submit()).toBe(true);
    await until(() => data(comp).members.length === 1, 'the child in the list');
    // The photo of the 户口簿 page went with it, to a path registered to this account.
    expect(wxCalls('chooseMedia')).not.toHaveLength(0);
    expect(textOf(comp)).toContain('子女 王*宝');
    expect(textOf(comp)).toContain('未成年');
    expect(textOf(comp)).toContain('审核中：监护关系材料正在由医保经办人员审核');
    // Nothing for the child until staff approve; and no face check or invitation stands in for the review.
    expect(textOf(comp)).not.toContain('本人在这台手机上刷脸授权');
    expect(html(comp)).not.toContain(child);
    const memberId = data(comp).members[0].id;
    expect(await subject('fam-guardian', memberId)).toMatchObject({ ok: false, code: 'MEMBER_NOT_AUTHORIZED' });
    // Staff of the child's 参保地 review it in the 工作台: the photo, the child's name; a refusal needs a reason.
    await cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: 'fam-staff', cityCode: '140100' } });
    actAs('fam-staff');
    const desk = await renderPage(pages['rating-desk']);
    expect(textOf(desk)).toContain('监护声明审核：父母 张*丰 为孩子声明监护');
    expect(textOf(desk)).toContain('王小宝');
    expect(data(desk).claims[0].proof).toMatch(/^data:image\/jpeg;base64,/);
    await (desk.instance as any).reviewClaim({ currentTarget: { dataset: { id: memberId, approve: false } } });
    expect(wxCalls('showToast').pop()!.args.title).toBe('请填写不通过的原因');
    await (desk.instance as any).reviewClaim({ currentTarget: { dataset: { id: memberId, approve: true } } });
    await settle();
    expect(wxCalls('showToast').pop()!.args.title).toBe('已通过');
    expect(textOf(desk)).not.toContain('监护声明审核');
    actAs('fam-guardian');
    const after = await renderPage(pages.members);
    expect(textOf(after)).toContain('已授权：监护人声明');
    expect(await subject('fam-guardian', memberId)).toMatchObject({ ok: true });
  });
});

describe('邀请: the member agrees in their own WeChat', () => {
  const A = 'fam-inviter';
  const B = 'fam-invitee';
  const memberIndex = 420;
  let memberId = '';
  let code = '';

  beforeAll(async () => {
    await withProfile(cloud, A, 419, FACTS.taiyuanRetired);
  });

  it('A adds an adult and invites them: the code, its expiry and a share to /pages/invite/index?code=…', async () => {
    setClock('2026-12-01T10:00:00+08:00');
    const comp = await addThroughForm(A, {
      relationship: '父母',
      name: '李秀英',
      idNumber: testId(memberIndex),
      cityCode: '131000',
      scheme: 'employee',
      category: 'employed',
    });
    memberId = data(comp).members[0].id;
    await (comp.instance as any).invite({ currentTarget: { dataset: { id: memberId } } });
    await untilText(comp, '已邀请，等待家人在自己的微信里同意');
    code = data(comp).members[0].invitation.code;
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(textOf(comp)).toContain(`邀请码 ${code}`);
    expect(textOf(comp)).toContain('2026-12-08 10:00 前有效');
    expect(textOf(comp)).toContain('发给家人');
    expect(
      (comp.instance as any).onShareAppMessage({ from: 'button', target: { dataset: { custom: code } } }).path,
    ).toBe(`/pages/invite/index?code=${code}`);
    expect((comp.instance as any).onShareAppMessage({ from: 'menu' }).path).toBe(`/pages/invite/index?code=${code}`);
  });

  it('the invitation page asks a person who is not verified to go to 我的 first', async () => {
    actAs('fam-unverified');
    const page = await renderPage(pages.invite, { code });
    await untilText(page, '请先在“我的”中填写本人信息');
    expectTDesignRendered(page, ['empty', 'button']);
    expect(textOf(page)).toContain('去填写本人信息');
    (page.querySelector('#failure') as any).instance.goNext();
    expect(lastUrl('navigateTo')).toBe('/pages/me/index?back=1');
  });

  it('an expired invitation says what to do next; A invites again', async () => {
    await withProfile(cloud, B, memberIndex, FACTS.langfangEmployee, '李秀英');
    actAs(B);
    setClock('2026-12-09T10:00:00+08:00');
    const page = await renderPage(pages.invite, { code });
    await untilText(page, '这个邀请已于');
    expect(textOf(page)).toContain('过期');
    expect(textOf(page)).toContain('请让家人在“家庭成员”中重新发送邀请');
    expect(textOf(page)).toContain('输入其他邀请码');

    actAs(A);
    const comp = await renderPage(pages.members);
    expect(textOf(comp)).toContain('邀请家人在自己的微信里授权');
    await (comp.instance as any).invite({ currentTarget: { dataset: { id: memberId } } });
    await until(() => !!data(comp).members[0].invitation, 'a new invitation');
    code = data(comp).members[0].invitation.code;
  });

  it('a code read out over the phone is typed in lower case with a space, and opens the invitation', async () => {
    actAs(A);
    const comp = await renderPage(pages.members);
    await (comp.instance as any).invite({ currentTarget: { dataset: { id: memberId } } });
    await until(() => !!data(comp).members[0].invitation, 'a new invitation');
    const fresh = data(comp).members[0].invitation.code as string;
    code = fresh;
    expect(fresh).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    actAs(B);
    const page = await renderPage(pages.invite);
    (page.instance as any).onTyped({
      detail: { value: `${fresh.slice(0, 4).toLowerCase()} ${fresh.slice(4).toLowerCase()}` },
    });
    await (page.instance as any).openTyped();
    await untilText(page, '请您授权代办医保业务');
  });

  it('B, verified with their own ID, opens the invitation and agrees; A sees 已授权（本人接受邀请）', async () => {
    actAs(B);
    const page = await renderPage(pages.invite, { code });
    await untilText(page, '请您授权代办医保业务');
    expectTDesignRendered(page, ['button']);
    expect(textOf(page)).toContain('您的子女 张*丰');
    expect(textOf(page)).toContain('2026-12-16 10:00 前有效');
    await (page.instance as any).accept();
    await untilText(page, '已授权');
    expect(textOf(page)).toContain('子女 张*丰 现在可以为您办理医保业务');
    (page.instance as any).goAgents();
    expect(lastUrl('redirectTo')).toBe('/pages/agents/index');

    actAs(A);
    const comp = await renderPage(pages.members);
    expect(textOf(comp)).toContain('已授权：本人接受邀请');
    expect(await subject(A, memberId)).toMatchObject({ ok: true });
  });

  it('a code typed by hand must look like one', async () => {
    actAs(B);
    const page = await renderPage(pages.invite);
    expectTDesignRendered(page, ['input', 'button']);
    (page.instance as any).onTyped({ detail: { value: 'abc' } });
    await (page.instance as any).openTyped();
    await untilText(page, '邀请码是 8 位字母或数字（不分大小写）');
  });

  it('B sees A under 谁可以为我办理 and revokes after confirming; A can no longer act for B', async () => {
    actAs(B);
    const page = await renderPage(pages.agents);
    expectTDesignRendered(page, ['cell', 'button']);
    expect(textOf(page)).toContain('子女 张*丰');
    expect(textOf(page)).toContain('授权方式：本人接受邀请');
    const [agent] = data(page).agents;
    expect(agent.id).toBe(memberId);
    await confirming(
      () => (page.instance as any).confirmRevoke({ currentTarget: { dataset: { id: agent.id } } }),
      () => textOf(page).includes('目前没有人可以为您代办'),
      'the empty list',
    );
    expect(wxCalls('showModal').pop()!.args.content).toContain('撤销后，子女 张*丰 不能再为您办理');
    expect(await subject(A, memberId)).toMatchObject({ ok: false, code: 'MEMBER_NOT_AUTHORIZED' });

    actAs(A);
    expect(textOf(await renderPage(pages.members))).toContain('待授权');
  });

  it('谁可以为我办理 asks an unverified person to verify first', async () => {
    actAs('fam-unverified');
    const page = await renderPage(pages.agents);
    expect(textOf(page)).toContain('请先在“我的”中填写本人信息');
    (page.querySelector('#failure') as any).instance.goNext();
    expect(lastUrl('navigateTo')).toBe('/pages/me/index?back=1');
  });
});
