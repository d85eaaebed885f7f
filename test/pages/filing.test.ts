import { join } from 'node:path';
import { FACTS, member, taiyuanFilingEvent, testId, withMember, withProfile } from '../helpers/people';
import { FIXTURE_ROSTER_IDS, withUnitStaff } from '../helpers/unitStaff';
import {
  actAs,
  expectTDesignRendered,
  html,
  renderPage,
  rootClass,
  setClock,
  settle,
  textOf,
  usePageCloud,
  wxCalls,
  wxStorage,
} from './harness';

jest.setTimeout(60_000);
const g = globalThis as any;

const { cloud, pages } = usePageCloud({
  pages: ['filing', 'filing-type', 'filing-form', 'filing-certificate', 'filing-mine', 'filing-batch', 'agents'],
});

async function person(openid: string, index: number) {
  await withProfile(cloud, openid, index, FACTS.taiyuanRetired);
  actAs(openid);
}
const data = (comp: any) => comp.instance.data as any;
const query = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1]));
const lastUrl = (api: string) => wxCalls(api).pop()!.args.url as string;

describe.each([
  ['normal', false],
  ['elderly', true],
])('异地就医备案 pages (%s mode)', (_mode, elderly) => {
  beforeEach(() => {
    wxStorage().clear();
    if (elderly) wxStorage().set('elderlyMode', 'on');
    setClock('2026-11-24T10:00:00+08:00');
  });

  it('questionnaire → form → confirm → certificate → 我的备案', async () => {
    await person(`fp-${elderly}`, elderly ? 801 : 802);
    const q = await renderPage(pages.filing);
    expect(rootClass(q).includes('elderly')).toBe(elderly);
    expectTDesignRendered(q, ['button', 'cell']);
    expect(textOf(q)).toContain('为什么要去外地就医？');
    await (q.instance as any).chooseReason({ currentTarget: { dataset: { value: 'otherTemporary' } } });
    await settle();
    expect(textOf(q)).toContain('去哪个省');
    await (q.instance as any).chooseProvince({ currentTarget: { dataset: { code: '440000' } } });
    await settle();
    await (q.instance as any).chooseCity({ currentTarget: { dataset: { code: '440100' } } });
    await settle();
    expect(textOf(q)).toContain('应办：跨省非急未转住院人员备案');
    expect(textOf(q)).toContain('广州市（跨省）');
    (q.instance as any).goForm();

    const form = await renderPage(pages['filing-form'], query(lastUrl('navigateTo')));
    await settle();
    expectTDesignRendered(form, ['cell', 'button']);
    (form.instance as any).onDate({ detail: { value: '2026-12-01' } });
    await settle();
    expect(textOf(form)).toContain('请确认：跨省非急未转住院人员备案');
    expect(textOf(form)).toContain('2026年12月1日起至2027年5月31日有效');
    expect(textOf(form)).toContain('适用范围：跨省 · 跨省住院（非急诊、未转诊）');
    expect(textOf(form)).toMatch(/139\*\*\*\*\d{4}/);
    await (form.instance as any).submit();
    await settle();
    const certUrl = lastUrl('redirectTo');
    expect(certUrl).toMatch(/^\/pages\/filing-certificate\/index\?filingId=BA\d{16}&fresh=1$/);

    const cert = await renderPage(pages['filing-certificate'], query(certUrl));
    expectTDesignRendered(cert, ['cell', 'tag', 'button']);
    const text = textOf(cert);
    expect(text).toContain('异地就医备案凭证');
    expect(text).toContain(query(certUrl).filingId);
    expect(text).toContain('张*丰');
    expect(text).toContain('太原');
    expect(text).toContain('广州市（跨省）');
    expect(text).toContain('已备案');
    expect(data(cert).qr.length).toBeGreaterThanOrEqual(21);
    expect(html(cert)).toContain('canvas');
    (cert.instance as any).goRate();
    expect(lastUrl('navigateTo')).toBe(
      `/pages/rating/index?kind=filing&id=${query(certUrl).filingId}&title=${encodeURIComponent('异地就医备案：跨省非急未转住院人员备案')}`,
    );

    const mine = await renderPage(pages['filing-mine']);
    expectTDesignRendered(mine, ['cell', 'tag', 'button']);
    expect(textOf(mine)).toContain('跨省非急未转住院人员备案');
    expect(textOf(mine)).toContain('2026年12月1日起至2027年5月31日有效');
  });
});

describe('refusals and where-and-how', () => {
  beforeEach(() => {
    wxStorage().clear();
    setClock('2026-11-24T10:00:00+08:00');
  });

  it('异地转诊: the type page says it is done at a referring hospital and what to bring — no online form', async () => {
    await person('fp-zz', 803);
    const page = await renderPage(pages['filing-type'], {
      typeCode: '140100-ydzz',
      provinceCode: '440000',
      cityCode: '440100',
    });
    expectTDesignRendered(page, ['cell', 'checkbox']);
    const text = textOf(page);
    expect(text).toContain('不能在网上办理');
    expect(text).toContain('有转诊资格的医院医保科');
    expect(text).toContain('《转外住院审批表》');
    expect(text).toContain('卡环境检测');
    expect(text).toContain('0351-2377283');
    expect(text).not.toContain('在线填写备案');
  });

  it('the questionnaire says an emergency counts as filed, and tells a 城乡居民 where to go, with no form to fill', async () => {
    const answer = async (reason: string) => {
      const q = await renderPage(pages.filing);
      await (q.instance as any).chooseReason({ currentTarget: { dataset: { value: reason } } });
      await (q.instance as any).chooseProvince({ currentTarget: { dataset: { code: '440000' } } });
      await (q.instance as any).chooseCity({ currentTarget: { dataset: { code: '440100' } } });
      await settle();
      return q;
    };
    await person('fp-em', 816);
    expect(textOf(await answer('emergency'))).toContain('急诊抢救视同已备案');
    await withProfile(cloud, 'fp-res', 817, { cityCode: '140100', scheme: 'resident', category: 'residentAdult' });
    actAs('fp-res');
    const refused = await answer('otherTemporary');
    expect(textOf(refused)).toContain('您不能在这里办理');
    expect(textOf(refused)).toContain('城乡居民医保科 A20–A22 号窗口');
    expect(textOf(refused)).not.toContain('在线填写备案');
  });

  it('a long-term filing without an address is refused with everything missing at once — once the person tries', async () => {
    await person('fp-lt', 804);
    const form = await renderPage(pages['filing-form'], {
      typeCode: '140100-ydaz',
      provinceCode: '440000',
      cityCode: '440100',
    });
    await settle();
    // Nothing typed yet: no refusal before the person has done anything; the submit button is there to try.
    expect(textOf(form)).not.toContain('现在还不能提交');
    expect(textOf(form)).not.toContain('还需要填写');
    expect(/t-button--disabled/.test(html(form).split('--actions')[1] ?? '')).toBe(false);
    const redirects = wxCalls('redirectTo').length;
    await (form.instance as any).submit();
    await settle();
    expect(wxCalls('redirectTo')).toHaveLength(redirects);
    expect(textOf(form)).toContain('现在还不能提交');
    expect(textOf(form)).toContain('还需要填写：就医地居住地址');
    (form.instance as any).onAddress({ detail: { value: '广州市示例路2号' } });
    await (form.instance as any).check();
    await settle();
    expect(textOf(form)).toContain('起长期有效');
  });

  it('the submit button stays disabled while the contact phone cannot be right, and comes back for a valid one', async () => {
    await person('fp-ph', 809);
    const form = await renderPage(pages['filing-form'], {
      typeCode: '140100-kjfj',
      provinceCode: '440000',
      cityCode: '440100',
    });
    await settle();
    // The submit button is the one in the actions row; TDesign marks it disabled by a class.
    const submitDisabled = () => /t-button--disabled/.test(html(form).split('--actions')[1] ?? '');
    expect(data(form).preview.allowed).toBe(true);
    expect(submitDisabled()).toBe(false);
    (form.instance as any).changePhone();
    await (form.instance as any).onPhone({ detail: { value: '13912' } });
    await settle();
    expect(submitDisabled()).toBe(true);
    expect(textOf(form)).toContain('请先把联系电话填完整');
    await (form.instance as any).check();
    await settle();
    expect(textOf(form)).toContain('请填写 11 位手机号码，或带区号的固定电话');
    const redirects = wxCalls('redirectTo').length;
    await (form.instance as any).submit();
    expect(wxCalls('redirectTo')).toHaveLength(redirects);
    await (form.instance as any).onPhone({ detail: { value: '13912345678' } });
    await settle();
    expect(submitDisabled()).toBe(false);
    expect(data(form).preview.contactPhone).toMatch(/^139\*{4}5678$/);
  });

  it('我的备案: cancels after confirmation', async () => {
    await person('fp-c', 805);
    const filed = await cloud.call(
      'filing',
      taiyuanFilingEvent('fp-c-req-0001', { provinceCode: '320000', cityCode: '320100' }),
      { openid: 'fp-c', now: '2026-11-24T10:00:00+08:00' },
    );
    expect(filed.ok).toBe(true);
    const mine = await renderPage(pages['filing-mine']);
    g.__modalConfirms = true;
    try {
      (mine.instance as any).confirmCancel({ currentTarget: { dataset: { id: filed.data.filingId } } });
      await settle();
    } finally {
      g.__modalConfirms = false;
    }
    expect(textOf(mine)).toContain('已撤销');
  });
});

describe('单位批量备案 page', () => {
  it('the unit invites its staff; an employee accepts in 谁可以为我办理, and the unit may then file for them', async () => {
    await cloud.call('probe', {
      action: 'put',
      collection: 'employers',
      doc: { _id: 'fp-hr-invite', creditCode: '91140100MA0K000004', cityCode: '140100' },
    });
    await withProfile(cloud, 'fp-hr-invite', 993, FACTS.taiyuanRetired);
    actAs('fp-hr-invite');
    wxStorage().clear();
    const batch = await renderPage(pages['filing-batch'], { cityCode: '140100' });
    await (batch.instance as any).inviteStaff();
    await settle();
    const code = (batch.instance as any).data.invite.code as string;
    expect(textOf(batch)).toContain(`单位邀请码 ${code}`);
    expect(textOf(batch)).toContain('我的 → 谁可以为我办理');

    // The employee, verified in their own WeChat, types it in lower case.
    await withProfile(cloud, 'fp-employee', 994, FACTS.taiyuanRetired);
    actAs('fp-employee');
    const agents = await renderPage(pages.agents);
    expectTDesignRendered(agents, ['input', 'button']);
    (agents.instance as any).onUnitCode({ detail: { value: code.toLowerCase() } });
    await (agents.instance as any).acceptUnit();
    await settle();
    expect(textOf(agents)).toContain('单位（统一社会信用代码 91140100MA0K000004）');
    expect(textOf(agents)).toContain('您接受了单位的邀请');
    // Revocable there, after a confirmation.
    g.__modalConfirms = true;
    try {
      (agents.instance as any).confirmRevokeUnit({ currentTarget: { dataset: { code: '91140100MA0K000004' } } });
      await settle();
    } finally {
      g.__modalConfirms = false;
    }
    expect(textOf(agents)).not.toContain('您接受了单位的邀请');
    const units = await cloud.call('user', { action: 'agents' }, { openid: 'fp-employee' });
    expect(units.data.units).toEqual([]);
  });

  it('lists every bad row with its number, then files only the good rows when asked', async () => {
    // A registered 单位经办人 (in production: npm run employer:add), verified by 人脸核身 like anyone else.
    await cloud.call('probe', {
      action: 'put',
      collection: 'employers',
      doc: { _id: 'fp-hr', creditCode: '91140100MA0K000004', cityCode: '140100' },
    });
    // The roster's first person is on the unit's 参保 list (the second row's number is invalid anyway).
    await withUnitStaff(cloud, '91140100MA0K000004', '140100', FIXTURE_ROSTER_IDS);
    await withProfile(cloud, 'fp-hr', 991, FACTS.taiyuanRetired);
    actAs('fp-hr');
    wxStorage().clear();
    const file = join(__dirname, '..', 'fixtures', 'rosters', 'two-rows-one-bad.xlsx');
    g.__chosenFile = { path: file, name: '花名表.xlsx', size: 9000 };

    const page = await renderPage(pages['filing-batch'], { cityCode: '140100' });
    expectTDesignRendered(page, ['button']);
    (page.instance as any).chooseFile();
    await settle();
    await settle();
    expect(textOf(page)).toContain('共 2 行，无误 1 行，有误 1 行');
    expect(textOf(page)).toContain('第 3 行');
    expect(textOf(page)).toContain('证件号码：校验位不符');
    expectTDesignRendered(page, ['cell']);
    await (page.instance as any).submit({ currentTarget: { dataset: { only: true } } });
    await settle();
    expect(textOf(page)).toContain('已办理 1 人');
    expect(textOf(page)).toContain('1 行有误，未办理');
  });

  it('a 经办人 with a profile who agreed only to an earlier 告知 is shown the way to the consent page, and can go on after agreeing', async () => {
    await cloud.call('probe', {
      action: 'put',
      collection: 'employers',
      doc: { _id: 'fp-hr-old', creditCode: '91140100MA0K000004', cityCode: '140100' },
    });
    await withProfile(cloud, 'fp-hr-old', 992, FACTS.taiyuanRetired);
    actAs('fp-hr-old');
    wxStorage().clear();
    g.__chosenFile = {
      path: join(__dirname, '..', 'fixtures', 'rosters', 'two-rows-one-bad.xlsx'),
      name: '花名表.xlsx',
      size: 9000,
    };
    // The state after a new version of the 告知: the real answer of 我的, with the agreement on file of an earlier
    // version (the functions accept agreement to the current version only, so no test can make an old one).
    const real = g.wx.cloud.callFunction;
    g.wx.cloud.callFunction = async (args: { name: string; data: { action: string } }) => {
      const res = await real(args);
      if (args.name === 'user' && args.data.action === 'me' && res.result.ok) {
        res.result.data.consent = {
          ...res.result.data.consent,
          given: { version: '2026-01-01', at: '2026-01-01T02:00:00.000Z' },
          upToDate: false,
        };
      }
      return res;
    };
    let page: any;
    try {
      page = await renderPage(pages['filing-batch'], { cityCode: '140100' });
      expect(textOf(page)).toContain('《个人信息收集与使用告知》已更新');
      expect(textOf(page)).toContain('阅读并同意');
      expect(textOf(page)).not.toContain('选择花名表');
      const picks = wxCalls('chooseMessageFile').length;
      (page.instance as any).chooseFile();
      expect(wxCalls('chooseMessageFile')).toHaveLength(picks);
      (page.querySelector('#failure') as any).instance.goNext();
      expect(lastUrl('navigateTo')).toBe('/pages/consent/index');
    } finally {
      g.wx.cloud.callFunction = real;
    }
    // Agreed on the consent page: back here, the page lets the 经办人 go on.
    await (page.instance as any).onShow();
    await settle();
    expect(textOf(page)).not.toContain('已更新');
    expect(textOf(page)).toContain('选择花名表');
  });
});

describe('acting for a family member', () => {
  beforeEach(() => {
    wxStorage().clear();
    setClock('2026-11-24T10:00:00+08:00');
  });

  it('the son is told the overlapping filing is his mother’s own and who can change it; the answer names her, not “您”', async () => {
    // The mother filed herself, on her own phone.
    const motherId = testId(951, '19500315');
    await withProfile(cloud, 'fa-mother', 951, { ...FACTS.taiyuanRetired, idNumber: motherId }, '李四');
    expect(await cloud.call('filing', taiyuanFilingEvent('fa-mother-f1'), { openid: 'fa-mother' })).toMatchObject({
      ok: true,
    });
    // Her son, with her as an authorized member.
    await person('fa-son', 952);
    const memberId = await withMember(cloud, 'fa-son', member(951, 'fa-son-m1', { cityCode: '140100', name: '李四' }));

    const q = await renderPage(pages.filing, { memberId });
    await (q.instance as any).chooseReason({ currentTarget: { dataset: { value: 'retiredSettled' } } });
    await (q.instance as any).chooseProvince({ currentTarget: { dataset: { code: '440000' } } });
    await (q.instance as any).chooseCity({ currentTarget: { dataset: { code: '440100' } } });
    await settle();
    expect(textOf(q)).toContain('李*已退休');
    expect(textOf(q)).not.toContain('您已退休');

    const form = await renderPage(pages['filing-form'], {
      typeCode: '140100-kjfj',
      provinceCode: '440000',
      cityCode: '440100',
      startDate: '2026-12-01',
      memberId,
    });
    const text = textOf(form);
    expect(text).toContain('时间重叠');
    expect(text).toContain('这一条不是您办理的，不在您的“我的备案”中');
    expect(text).toContain('请李*本人在自己微信的“我的备案”中撤销或变更，或带身份证到参保地医保窗口办理');
    expect(text).not.toContain('去“我的备案”撤销或变更那一条');
  });

  it('an overlap with a filing the caller made for the member leads to that member’s 我的备案', async () => {
    await person('fa-son2', 953);
    const memberId = await withMember(cloud, 'fa-son2', member(954, 'fa-son2-m1', { cityCode: '140100' }));
    expect(
      await cloud.call('filing', { ...taiyuanFilingEvent('fa-son2-f1'), forMemberId: memberId }, { openid: 'fa-son2' }),
    ).toMatchObject({ ok: true });
    const form = await renderPage(pages['filing-form'], {
      typeCode: '140100-kjfj',
      provinceCode: '440000',
      cityCode: '440100',
      startDate: '2026-12-01',
      memberId,
    });
    expect(textOf(form)).toContain('请先在“我的备案”中撤销或变更那一条');
    (form.instance as any).goMine();
    expect(lastUrl('navigateTo')).toBe(`/pages/filing-mine/index?memberId=${memberId}`);
    const mine = await renderPage(pages['filing-mine'], { memberId });
    expect(textOf(mine)).toContain('跨省非急未转住院人员备案');
  });
});
