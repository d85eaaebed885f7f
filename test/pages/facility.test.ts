import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FACTS, testId, testMobile, withProfile, CONSENT_VERSION } from '../helpers/people';
import {
  actAs,
  expectTDesignRendered,
  html,
  renderPage,
  rootClass,
  searchFieldName,
  setClock,
  settle,
  textOf,
  untilText,
  usePageCloud,
  wxCalls,
  wxStorage,
} from './harness';

jest.setTimeout(60_000);
const g = globalThis as any;

const { cloud, pages } = usePageCloud({
  pages: ['facility', 'facility-detail', 'facility-confirm', 'facility-mine', 'facility-declarations', 'me', 'rating'],
});

async function person(openid: string, index: number, city: '442000' | '110000') {
  await withProfile(cloud, openid, index, city === '110000' ? FACTS.beijingEmployee : FACTS.zhongshanResident);
  actAs(openid);
}

const data = (comp: any) => comp.instance.data as any;
const lastUrl = (api: string) => wxCalls(api).pop()!.args.url as string;
/** Opens the 按镇街/按区 list and taps one of its rows, as a person does. */
async function chooseArea(comp: any, value: string) {
  comp.instance.openSheet({ currentTarget: { dataset: { sheet: 'area' } } });
  await settle();
  await comp.instance.chooseArea({ currentTarget: { dataset: { value } } });
  await settle();
}
const query = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1]));

describe.each([
  ['normal', false],
  ['elderly', true],
])('定点选点 pages (%s mode)', (_mode, elderly) => {
  beforeEach(() => {
    wxStorage().clear();
    if (elderly) wxStorage().set('elderlyMode', 'on');
    setClock('2026-11-10T10:00:00+08:00');
  });

  it('search → detail → confirm → result → 我的定点 → 申报信息状态查询', async () => {
    await person(`fac-page-${elderly}`, elderly ? 601 : 602, '442000');

    const search = await renderPage(pages.facility);
    expect(rootClass(search).includes('elderly')).toBe(elderly);
    expectTDesignRendered(search, ['cell', 'tag', 'button']);
    expect(searchFieldName(search)).toBe('搜索医院：名称、编码或拼音首字母');
    expect(textOf(search)).toContain('以下为示例数据（非真实机构）');
    expect(textOf(search)).toContain('本人（中山）');
    // The search finds by 拼音 initials too (协和: xh), and the field says so.
    expect(html(search)).toContain('placeholder="医院名称、编码或拼音首字母"');
    await chooseArea(search, '小榄镇');
    expect(data(search).items.every((i: any) => i.town === '小榄镇')).toBe(true);
    const station = data(search).items.find((i: any) => i.type === 'communityStation');
    (search.instance as any).openItem({ currentTarget: { dataset: { code: station.code } } });

    const detail = await renderPage(pages['facility-detail'], query(lastUrl('navigateTo')));
    expectTDesignRendered(detail, ['cell', 'button']);
    expect(textOf(detail)).toContain('选择它，可在 小榄镇 以下机构就医');
    expect(textOf(detail)).toContain('示例·小榄镇医院');
    expect(textOf(detail)).toContain('可以选择（为本人）');
    expect(textOf(detail)).toContain('提交后立即生效');
    (detail.instance as any).goConfirm();

    const confirm = await renderPage(pages['facility-confirm'], query(lastUrl('navigateTo')));
    expect(textOf(confirm)).toContain('请确认');
    expect(textOf(confirm)).toContain(station.name);
    await (confirm.instance as any).submit();
    await settle();
    expect(textOf(confirm)).toContain('办理成功');
    expect(data(confirm).result.status).toBe('生效');
    (confirm.instance as any).goRate();
    expect(lastUrl('navigateTo')).toMatch(/^\/pages\/rating\/index\?kind=declaration&id=[0-9a-f]{24}&title=/);
    // A second tap does nothing more.
    await (confirm.instance as any).submit();
    expect(
      (await cloud.call('facility', { action: 'declarations' }, { openid: `fac-page-${elderly}` })).data.total,
    ).toBe(1);

    const mine = await renderPage(pages['facility-mine']);
    expectTDesignRendered(mine, ['cell', 'button']);
    expect(textOf(mine)).toContain(station.name);
    expect(textOf(mine)).toContain('2026-11-10 10:00 起生效');
    expect(textOf(mine)).toContain('门特（请到窗口办理）');

    const decls = await renderPage(pages['facility-declarations']);
    expectTDesignRendered(decls, ['cell', 'tag']);
    expect(textOf(decls)).toContain(`普通门诊（社区门诊）：选择${station.name}`);
    expect(textOf(decls)).toContain('生效');
  });
});

describe('refusals and pending changes', () => {
  beforeEach(() => wxStorage().clear());

  it('北京 at 22:00: the detail page says why and when it opens again', async () => {
    await person('fac-bj', 603, '110000');
    setClock('2026-11-18T22:00:00+08:00');
    const general = (await cloud.call('facility', { action: 'search', cityCode: '110000', type: 'general', limit: 1 }))
      .data.items[0];
    const detail = await renderPage(pages['facility-detail'], { code: general.code });
    expect(textOf(detail)).toContain('现在不能办理');
    expect(textOf(detail)).toContain('每天 06:00–22:00');
    expect(textOf(detail)).toContain('最早可于 2026-11-19 06:00 再办理');
    expect(data(detail).preview.allowed).toBe(false);
  });

  it('中山 按镇街: every 镇街 and 全部 in a list that scrolls; a filter shows, and is cleared when it finds nothing', async () => {
    await person(`fac-zs-towns`, 621, '442000');
    const search = await renderPage(pages.facility);
    const towns = data(search).areas as string[];
    expect(towns.length).toBeGreaterThan(20);
    (search.instance as any).openSheet({ currentTarget: { dataset: { sheet: 'area' } } });
    await settle();
    const dom = search.dom as HTMLElement;
    const list = dom.querySelector('[class*="choice-sheet-list"]') as HTMLElement;
    expect(list.tagName.toLowerCase()).toBe('wx-scroll-view');
    expect(list.getAttribute('scroll-y') ?? 'true').not.toBe('false');
    const rows = Array.from(list.querySelectorAll('[class*="choice-sheet-item"]')).map((el) => el.textContent!.trim());
    expect(rows).toEqual(['全部', ...towns]);
    await (search.instance as any).chooseArea({ currentTarget: { dataset: { value: '小榄镇' } } });
    await settle();
    expect(textOf(search)).toContain('只看：小榄镇');
    // Someone then types the name of a clinic in another 镇街: the filter is why nothing is found, and the page says so.
    const elsewhere = (
      await cloud.call('facility', { action: 'search', cityCode: '442000', town: '石岐街道', limit: 1 })
    ).data.items[0];
    (search.instance as any).onKeywordChange({ detail: { value: elsewhere.name } });
    await (search.instance as any).search();
    await settle();
    expect(textOf(search)).toContain('共 0 家');
    expect(textOf(search)).toContain('在“小榄镇”中没有找到');
    await (search.instance as any).clearFilters();
    await settle();
    expect(data(search).area).toBe('');
    expect(data(search).items.map((i: any) => i.code)).toContain(elsewhere.code);
    expect(textOf(search)).not.toContain('只看：');
  });

  it('北京 A类: shown as no selection needed, never offered', async () => {
    await person('fac-bj2', 604, '110000');
    const classA = (await cloud.call('facility', { action: 'search', cityCode: '110000', type: 'classA', limit: 1 }))
      .data.items[0];
    const search = await renderPage(pages.facility);
    expect(textOf(search)).toContain('无需选择，可直接就医');
    expect(data(search).areaField).toBe('district');
    await chooseArea(search, '海淀区');
    expect(data(search).items.every((i: any) => i.district === '海淀区')).toBe(true);
    const detail = await renderPage(pages['facility-detail'], { code: classA.code });
    expect(textOf(detail)).toContain('无需选择，可直接就医');
    expect(textOf(detail)).not.toContain('选择这家');
  });

  it('北京: 我的定点 shows a change the day it is made, and its 须知 says so (not "当日页面不显示")', async () => {
    await person('fac-bj-notes', 622, '110000');
    const at = '2026-11-10T10:00:00+08:00';
    setClock(at);
    const [a, b] = (
      await cloud.call('facility', { action: 'search', cityCode: '110000', type: 'general', offset: 5, limit: 2 })
    ).data.items;
    await cloud.call(
      'facility',
      { action: 'select', code: a.code, requestId: 'bj-notes-sel-1' },
      { openid: 'fac-bj-notes', now: '2026-11-05T10:00:00+08:00' },
    );
    await cloud.call(
      'facility',
      { action: 'change', slot: 1, code: b.code, requestId: 'bj-notes-chg-1' },
      { openid: 'fac-bj-notes', now: at },
    );
    const mine = await renderPage(pages['facility-mine']);
    const text = textOf(mine);
    expect(text).toContain(`待生效：${b.name}，2026-11-11 00:00 起`);
    expect(text).not.toContain('页面不显示');
    expect(text).toContain('变更成功后次日生效');
    expect(text).toContain('生效前在“我的定点”中显示为“待生效”');
  });

  it('中山: a pending change shows on 我的定点 and can be withdrawn there', async () => {
    await person('fac-zs-pending', 605, '442000');
    const [a, b] = (
      await cloud.call('facility', {
        action: 'search',
        cityCode: '442000',
        type: 'communityStation',
        offset: 30,
        limit: 2,
      })
    ).data.items;
    setClock('2026-11-05T10:00:00+08:00');
    await cloud.call(
      'facility',
      { action: 'select', code: a.code, requestId: 'pg-sel-0001' },
      { openid: 'fac-zs-pending', now: '2026-11-05T10:00:00+08:00' },
    );
    await cloud.call(
      'facility',
      { action: 'change', slot: 1, code: b.code, requestId: 'pg-chg-0001' },
      { openid: 'fac-zs-pending', now: '2026-11-05T10:00:00+08:00' },
    );
    const mine = await renderPage(pages['facility-mine']);
    expect(textOf(mine)).toContain(`待生效：${b.name}，2026-12-01 00:00 起`);
    g.__modalConfirms = true;
    try {
      const pendingId = data(mine).kinds[0].rows[0].pendingId;
      (mine.instance as any).confirmWithdraw({ currentTarget: { dataset: { id: pendingId } } });
      await settle();
    } finally {
      g.__modalConfirms = false;
    }
    expect(textOf(mine)).not.toContain('待生效');
    const decls = await renderPage(pages['facility-declarations']);
    expect(textOf(decls)).toContain('已撤回');
  });

  it('中山 镇街医院: never offered as a choice — no "选择它，可在…就医", no refusal with a next time, a way back to the list', async () => {
    await person('fac-zs-town', 611, '442000');
    setClock('2026-11-10T10:00:00+08:00');
    const hospital = (
      await cloud.call('facility', { action: 'search', cityCode: '442000', type: 'townHospital', limit: 1 })
    ).data.items[0];
    const detail = await renderPage(pages['facility-detail'], { code: hospital.code });
    const text = textOf(detail);
    expect(text).toContain('这类机构不能选为定点');
    expect(text).toContain('请返回列表，选择标有“可选择”的机构');
    expect(text).not.toContain('选择它，可在');
    expect(text).not.toContain('最早可于');
    expect(text).not.toContain('选择这家');
    (detail.instance as any).goBack();
    expect(wxCalls('navigateBack').length).toBeGreaterThan(0);
  });

  it('several reasons: each on its own line with its own next step, a next time only under the one time lifts, no "将替换" under a refusal', async () => {
    await person('fac-zs-many', 612, '442000');
    const [a, b, c] = (
      await cloud.call('facility', {
        action: 'search',
        cityCode: '442000',
        type: 'communityStation',
        offset: 40,
        limit: 3,
      })
    ).data.items;
    const at = '2026-11-05T10:00:00+08:00';
    setClock(at);
    await cloud.call(
      'facility',
      { action: 'select', code: a.code, requestId: 'pg-many-sel-01' },
      { openid: 'fac-zs-many', now: at },
    );
    await cloud.call(
      'facility',
      { action: 'change', slot: 1, code: b.code, requestId: 'pg-many-chg-01' },
      { openid: 'fac-zs-many', now: at },
    );

    // B: already chosen (pending), this place has a change waiting, and this month's change is used.
    const detail = await renderPage(pages['facility-detail'], { code: b.code });
    const reasons = data(detail).reasons as Array<{ code: string; text: string; next: string }>;
    expect(reasons.map((r) => r.code).sort()).toEqual(['ALREADY_SELECTED', 'CHANGE_PENDING', 'MONTHLY_CHANGE_USED']);
    const reasonLines = Array.from((detail.dom as HTMLElement).querySelectorAll('[class*="reason"]')).map((el) =>
      (el.textContent ?? '').replace(/\s+/g, ' '),
    );
    expect(reasonLines).toHaveLength(3);
    for (const r of reasons) expect(reasonLines.filter((line) => line.includes(r.text))).toHaveLength(1);
    const timed = reasonLines.filter((line) => line.includes('最早可于'));
    expect(timed).toHaveLength(1);
    expect(timed[0]).toContain('本月已进行过 1 次有效变更');
    expect(timed[0]).toContain('最早可于 2026-12-01 00:00 再变更');
    expect(reasonLines.find((line) => line.includes('待生效的变更'))).toContain('可在“我的定点”中撤回那项变更');
    expect(textOf(detail)).not.toContain('将替换');
    expect(textOf(detail)).toContain('原因有 3 条');
    (detail.instance as any).goMine();
    expect(lastUrl('navigateTo')).toBe('/pages/facility-mine/index');

    // C: a change of the one place would replace B — but it is refused, so nothing is said to be replaced.
    const other = await renderPage(pages['facility-detail'], { code: c.code });
    expect(data(other).preview).toMatchObject({ allowed: false, replaces: { code: b.code } });
    expect(textOf(other)).toContain('现在不能办理');
    expect(textOf(other)).not.toContain('将替换');

    // The confirm page says the same, reason by reason.
    const confirm = await renderPage(pages['facility-confirm'], { code: c.code, op: 'change', slot: '1' });
    expect(
      data(confirm)
        .reasons.map((r: any) => r.code)
        .sort(),
    ).toEqual(['CHANGE_PENDING', 'MONTHLY_CHANGE_USED']);
    expect(textOf(confirm)).toContain('最早可于 2026-12-01 00:00 再变更');
  });

  it('the list says 已选 for what is chosen (已选，待生效 for a change not yet in effect); 申报 status in plain words, not 受理', async () => {
    await person('fac-zs-list', 613, '442000');
    const at = '2026-11-05T10:00:00+08:00';
    setClock(at);
    const [a, b] = (
      await cloud.call('facility', { action: 'search', cityCode: '442000', type: 'communityStation', limit: 2 })
    ).data.items;
    await cloud.call(
      'facility',
      { action: 'select', code: a.code, requestId: 'pg-list-sel-01' },
      { openid: 'fac-zs-list', now: at },
    );
    const search = await renderPage(pages.facility);
    const tag = (code: string) => data(search).items.find((i: any) => i.code === code).chosenText;
    expect(tag(a.code)).toBe('已选');
    expect(tag(b.code)).toBe('');
    expect(textOf(search)).toContain('已选');
    // A change to B, made on the confirm page and back to the list: the tags follow.
    await cloud.call(
      'facility',
      { action: 'change', slot: 1, code: b.code, requestId: 'pg-list-chg-01' },
      { openid: 'fac-zs-list', now: at },
    );
    await (search.instance as any).onShow();
    expect(tag(a.code)).toBe('已选');
    expect(tag(b.code)).toBe('已选，待生效');
    expect(textOf(search)).toContain('已选，待生效');

    const decls = await renderPage(pages['facility-declarations']);
    expect(textOf(decls)).toContain('已提交，待生效');
    expect(textOf(decls)).not.toContain('受理');
  });

  it('confirm: the date that a change takes effect sits in an element that never breaks it', async () => {
    await person('fac-zs-date', 614, '442000');
    const at = '2026-11-05T10:00:00+08:00';
    setClock(at);
    const [a, b] = (
      await cloud.call('facility', {
        action: 'search',
        cityCode: '442000',
        type: 'communityStation',
        offset: 50,
        limit: 2,
      })
    ).data.items;
    await cloud.call(
      'facility',
      { action: 'select', code: a.code, requestId: 'pg-date-sel-01' },
      { openid: 'fac-zs-date', now: at },
    );
    setClock('2026-12-10T10:00:00+08:00');
    const confirm = await renderPage(pages['facility-confirm'], { code: b.code, op: 'change', slot: '1' });
    const date = (confirm.dom as HTMLElement).querySelector('[class*="date"]');
    expect(date?.textContent?.trim()).toBe('2027-01-01 00:00');
    // jsdom lays nothing out: the rule is in the page's style (the browser check lays it out at 320 px).
    expect(
      readFileSync(join(__dirname, '..', '..', 'miniprogram', 'pages', 'facility-confirm', 'index.wxss'), 'utf8'),
    ).toMatch(/\.date \{[^}]*white-space: nowrap/);
    await (confirm.instance as any).submit();
    await settle();
    expect(textOf(confirm)).toContain('已提交，2027-01-01 00:00 起生效');
    expect(textOf(confirm)).toContain('已提交，待生效');
    expect(textOf(confirm)).not.toContain('受理');
  });

  it('a person without a profile is sent to fill it in, not left at a dead end', async () => {
    actAs('fac-nobody');
    const search = await renderPage(pages.facility);
    expect(textOf(search)).toContain('请先在“我的”中填写本人信息');
    (search.instance as any).goBlocked();
    expect(lastUrl('navigateTo')).toBe('/pages/me/index?back=1');
  });
});

describe('a stranger with someone else’s ID number', () => {
  const NOW = '2026-11-10T10:00:00+08:00';
  beforeEach(() => {
    wxStorage().clear();
    setClock(NOW);
  });

  it('saves it, fails the face check, and is refused everywhere with a way to 我的 — never shown the owner’s records', async () => {
    // The owner: verified, with a selection on record.
    await person('fac-victim', 606, '442000');
    const [station] = (
      await cloud.call('facility', {
        action: 'search',
        cityCode: '442000',
        type: 'communityStation',
        offset: 40,
        limit: 1,
      })
    ).data.items;
    const selected = await cloud.call(
      'facility',
      { action: 'select', code: station.code, requestId: 'victim-sel-0001' },
      { openid: 'fac-victim', now: NOW },
    );
    expect(selected.ok).toBe(true);

    // The stranger fills in 我的 with the owner's name and ID number: saved, but not verified.
    const stranger = 'fac-stranger';
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: stranger });
    actAs(stranger);
    const me = await renderPage(pages.me);
    const form = me.querySelector('#form') as any;
    for (const [field, value] of Object.entries({
      name: '张三丰',
      idNumber: testId(606),
      mobile: testMobile(706),
      cityCode: '442000',
      scheme: 'resident',
      category: 'residentAdult',
    })) {
      form.instance.set(field, value);
    }
    expect(form.instance.submit()).toBe(true);
    await untilText(me, '还未实人认证：刷脸确认是您本人后才能办理业务');
    // The face is not the ID's owner's.
    await cloud.setFaceOutcome(stranger, 'fail');
    await (me.instance as any).startFace();
    await untilText(me, '没有采集到清晰的人脸');
    expect(textOf(me)).not.toContain('已实人认证');

    // 定点: the search page, an institution, 我的定点 and the declarations all refuse, each with the way to 我的.
    const search = await renderPage(pages.facility);
    expectTDesignRendered(search, ['empty', 'button']);
    expect(textOf(search)).toContain('请先在“我的”中完成实人认证');
    expect(textOf(search)).toContain('去“我的”刷脸认证');
    (search.instance as any).goBlocked();
    expect(lastUrl('navigateTo')).toBe('/pages/me/index?back=1');

    const detail = await renderPage(pages['facility-detail'], { code: station.code });
    expect(textOf(detail)).toContain('暂不能在线选择');
    expect(textOf(detail)).toContain('请先在“我的”中完成实人认证');
    expect(textOf(detail)).not.toContain('选择这家');
    (detail.instance as any).goNext();
    expect(lastUrl('navigateTo')).toBe('/pages/me/index?back=1');

    const mine = await renderPage(pages['facility-mine']);
    expectTDesignRendered(mine, ['empty', 'button']);
    expect(textOf(mine)).toContain('请先在“我的”中完成实人认证');
    expect(textOf(mine)).not.toContain(station.name);
    expect(textOf(mine)).not.toContain('起生效');
    (mine.querySelector('#failure') as any).instance.goNext();
    expect(lastUrl('navigateTo')).toBe('/pages/me/index?back=1');

    const decls = await renderPage(pages['facility-declarations']);
    expect(textOf(decls)).toContain('请先在“我的”中完成实人认证');
    expect(textOf(decls)).not.toContain(station.name);

    // Rating the owner's declaration: refused before any form, with the way to 我的; nothing is rated.
    const rating = await renderPage(pages.rating, {
      kind: 'declaration',
      id: selected.data.declaration.id,
      title: 'x',
    });
    expect(textOf(rating)).toContain('请先在“我的”中完成实人认证');
    expect((rating.instance.data as any).ref).toBeNull();
    (rating.querySelector('#failure') as any).instance.goNext();
    expect(lastUrl('navigateTo')).toBe('/pages/me/index?back=1');
    expect((await cloud.call('rating', { action: 'mine' }, { openid: 'fac-victim', now: NOW })).data.ratings).toEqual(
      [],
    );

    // Even a face check the stand-in passes cannot take over a number its owner verified.
    await (me.instance as any).startFace();
    await untilText(me, '已在另一个微信账号完成实人认证');
    expect((await cloud.call('user', { action: 'subject' }, { openid: stranger })).code).toBe('IDENTITY_UNVERIFIED');
    expect((await cloud.call('facility', { action: 'mine' }, { openid: 'fac-victim', now: NOW })).ok).toBe(true);
  });

  it('a family member who has not authorized: 定点 offers the way to 家庭成员', async () => {
    await person('fac-agent', 607, '442000');
    const added = await cloud.call(
      'user',
      {
        action: 'addMember',
        requestId: 'fac-agent-m-0001',
        relationship: '父母',
        name: '李秀英',
        idType: 'resident',
        idNumber: testId(608, '19500315'),
        ...FACTS.zhongshanResident,
      },
      { openid: 'fac-agent' },
    );
    expect(added.ok).toBe(true);
    const search = await renderPage(pages.facility, { memberId: added.data.member.id });
    expect(textOf(search)).toContain('还没有授权您代办');
    expect(textOf(search)).toContain('去“家庭成员”请家人授权');
    (search.instance as any).goBlocked();
    expect(lastUrl('navigateTo')).toBe('/pages/members/index');
    const mine = await renderPage(pages['facility-mine'], { memberId: added.data.member.id });
    expect(textOf(mine)).toContain('去“家庭成员”请家人授权');
  });
});
