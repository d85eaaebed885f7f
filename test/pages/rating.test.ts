import { FACTS, taiyuanFilingEvent, withProfile, withTaiyuanFiling } from '../helpers/people';
import {
  actAs,
  expectTDesignRendered,
  renderPage,
  rootClass,
  searchFieldName,
  setClock,
  settle,
  textOf,
  usePageCloud,
  wxCalls,
  wxStorage,
} from './harness';

jest.setTimeout(60_000);

const { cloud, pages } = usePageCloud({ pages: ['rating', 'rating-mine', 'rating-desk', 'rating-stats'] });
beforeAll(() =>
  cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: 'rp-staff', cityCode: '140100' } }),
);
beforeEach(() => {
  wxStorage().clear();
  setClock('2026-11-24T10:00:00+08:00');
});

async function resident(openid: string, index: number): Promise<string> {
  const filingId = await withTaiyuanFiling(cloud, openid, index);
  actAs(openid);
  return filingId;
}
const data = (comp: any) => comp.instance.data as any;

describe('rating pages', () => {
  it.each([
    ['normal', false],
    ['elderly', true],
  ])('rates a completed service with the online labels; a 差评 asks why (%s mode)', async (_m, elderly) => {
    await resident(`rp-${elderly}`, elderly ? 951 : 952);
    if (elderly) wxStorage().set('elderlyMode', 'on');
    const page = await renderPage(pages.rating);
    expect(rootClass(page).includes('elderly')).toBe(elderly);
    expect(textOf(page)).toContain('异地就医备案：跨省非急未转住院人员备案');
    (page.instance as any).choosePending({ currentTarget: { dataset: { index: 0 } } });
    await settle();
    expectTDesignRendered(page, ['button']);
    // The comment field is named for 读屏 (a placeholder alone is gone once typed in).
    const comment = (page.querySelector('.comment-input') as any).dom as HTMLElement;
    expect(comment.getAttribute('role')).toBe('textbox');
    expect(comment.getAttribute('aria-label')).toBe('留言（选填，最多 200 字）');
    const text = textOf(page);
    for (const label of ['非常满意', '满意', '基本满意', '一般', '不满意']) expect(text).toContain(label);
    (page.instance as any).chooseLevel({ currentTarget: { dataset: { level: 5 } } });
    await settle();
    expect(textOf(page)).toContain('哪里没做好？');
    expect(textOf(page)).toContain('✓ 不满意');
    await (page.instance as any).submit();
    expect(wxCalls('showModal').pop()!.args.title).toBe('请告诉我们哪里没做好');
    (page.instance as any).toggleReason({ currentTarget: { dataset: { index: 0 } } });
    await (page.instance as any).submit();
    await settle();
    expect(textOf(page)).toContain('感谢评价：不满意');
    expect(textOf(page)).toContain('前核实、整改并答复您');
  });

  it('a 差评 whose comment WeChat’s content check refuses says which words, under the comment, until it is changed', async () => {
    await resident('rp-words', 957);
    const page = await renderPage(pages.rating);
    (page.instance as any).choosePending({ currentTarget: { dataset: { index: 0 } } });
    await settle();
    (page.instance as any).chooseLevel({ currentTarget: { dataset: { level: 5 } } });
    (page.instance as any).toggleReason({ currentTarget: { dataset: { index: 0 } } });
    // Typed into the comment field: the page keeps it and counts it.
    const typeComment = (value: string) =>
      (page.querySelector('.comment-input') as any).dispatchEvent('input', { detail: { value } });
    typeComment('窗口说我这是诈骗');
    await settle();
    expect(textOf(page)).toContain('8 / 200');
    await (page.instance as any).submit();
    await settle();
    const said = '留言里的“诈骗”不能发布。这条评价还没有提交。请删去或改写这部分后再提交，也可以不写留言。';
    expect(wxCalls('showModal').pop()!.args.content).toBe(said);
    expect(textOf(page)).toContain(`⚠ ${said}`);
    typeComment('窗口说我材料不全');
    await settle();
    expect(textOf(page)).not.toContain('⚠');
    await (page.instance as any).submit();
    await settle();
    expect(textOf(page)).toContain('感谢评价：不满意');
  });

  it('choosing what to rate: a cancelled filing is not offered, and one filed again reads apart by its 备案号', async () => {
    const first = await resident('rp-again', 959);
    const cancelled = await cloud.call(
      'filing',
      { action: 'cancel', filingId: first, requestId: 'rp-again-cancel-1' },
      { openid: 'rp-again', now: '2026-11-24T11:00:00+08:00' },
    );
    expect(cancelled.ok).toBe(true);
    const again = await cloud.call('filing', taiyuanFilingEvent('rp-again-filing-2'), {
      openid: 'rp-again',
      now: '2026-11-24T12:00:00+08:00',
    });
    expect(again.ok).toBe(true);
    const page = await renderPage(pages.rating);
    const rows = data(page).pending as Array<{ serviceRef: { id: string }; description: string }>;
    expect(rows.map((r) => r.serviceRef.id)).toEqual([again.data.filingId]);
    expect(textOf(page)).toContain(`备案号 ${again.data.filingId}`);
    expect(textOf(page)).not.toContain(first);
  });

  it('two services of one title can be told apart: where to, from when, and the rating page says which one', async () => {
    const filingId = await resident('rp-two', 958);
    const changed = await cloud.call(
      'filing',
      {
        action: 'change',
        filingId,
        destination: { provinceCode: '310000', cityCode: '310100' },
        startDate: '2027-01-05',
        requestId: 'rp-two-change-1',
      },
      { openid: 'rp-two', now: '2026-11-24T10:00:00+08:00' },
    );
    expect(changed.ok).toBe(true);
    const page = await renderPage(pages.rating);
    const rows = data(page).pending as Array<{ title: string; description: string }>;
    expect(rows.map((r) => r.title)).toEqual([
      '异地就医备案：跨省非急未转住院人员备案',
      '异地就医备案：跨省非急未转住院人员备案',
    ]);
    expect(new Set(rows.map((r) => r.description)).size).toBe(2);
    expect(textOf(page)).toContain('就医地 广州市 · 2026-12-01 起');
    expect(textOf(page)).toContain('就医地 上海市 · 2027-01-05 起');
    expect(textOf(page)).toContain('2026-11-24 办结');
    const shanghai = rows.findIndex((r) => r.description.includes('上海市'));
    (page.instance as any).choosePending({ currentTarget: { dataset: { index: shanghai } } });
    await settle();
    expect(textOf(page)).toContain('就医地 上海市 · 2027-01-05 起');
    expect(textOf(page)).not.toContain('广州市');
  });

  it('shows the window labels for a scanned visit code', async () => {
    const code = await cloud.call(
      'rating',
      { action: 'visitCode', serviceCode: '140100-ydzz', window: 'A27 号窗口' },
      { openid: 'rp-staff', now: '2026-11-24T10:00:00+08:00' },
    );
    actAs('rp-visitor');
    const page = await renderPage(pages.rating, { scene: code.data.visitId });
    const text = textOf(page);
    expect(text).toContain('太原 · 异地转诊人员备案（A27 号窗口）');
    expect(text).toContain('窗口办理，一次一评');
    for (const label of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) expect(text).toContain(label);
    expect(text).not.toContain('一般');
  });

  it('我的评价 shows the follow-up states, the answer, and takes the resident’s view of the fix', async () => {
    const filingId = await resident('rp-follow', 953);
    const rated = await cloud.call(
      'rating',
      {
        action: 'submit',
        serviceRef: { kind: 'filing', id: filingId },
        channel: 'online',
        level: 4,
        reasons: ['等待时间长'],
        requestId: 'rp-follow-r1',
      },
      { openid: 'rp-follow', now: '2026-11-24T10:00:00+08:00' },
    );
    const mine = await renderPage(pages['rating-mine']);
    expectTDesignRendered(mine, ['cell', 'tag']);
    expect(textOf(mine)).toContain('待核实');
    const staffCall = (event: Record<string, unknown>) =>
      cloud.call('rating', event, { openid: 'rp-staff', now: '2026-11-25T10:00:00+08:00' });
    await staffCall({ action: 'claim', ratingId: rated.data.rating.id });
    expect(await renderPage(pages['rating-mine']).then((p) => textOf(p))).toContain('整改中');
    await staffCall({
      action: 'resolve',
      ratingId: rated.data.rating.id,
      verification: '属实',
      rectification: '增开窗口',
    });
    await staffCall({ action: 'reply', ratingId: rated.data.rating.id, answer: '已增开窗口' });
    const after = await renderPage(pages['rating-mine']);
    expect(textOf(after)).toContain('已回复');
    expect(textOf(after)).toContain('答复：已增开窗口');
    await (after.instance as any).confirm({
      currentTarget: { dataset: { id: rated.data.rating.id, satisfied: true } },
    });
    await settle();
    expect(textOf(after)).toContain('您对整改满意');
  });

  it('the staff 工作台: the queue by due date, overdue marked; refused to a non-staff user', async () => {
    actAs('rp-staff');
    setClock('2026-12-10T10:00:00+08:00');
    const desk = await renderPage(pages['rating-desk']);
    expectTDesignRendered(desk, ['cell', 'tag', 'button', 'input']);
    const items = data(desk).items;
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items.map((i: any) => i.followUp.dueDate)).toEqual([...items.map((i: any) => i.followUp.dueDate)].sort());
    expect(textOf(desk)).toContain('已超期');
    // 窗口评价码: nothing chosen yet, the hint next to the field says what to do and what can be chosen.
    await (desk.instance as any).makeCode();
    await settle();
    expect(textOf(desk)).toContain('请选择办理的事项：点“办理事项”，从太原的 6 个事项中选择。');
    expect(textOf(desk)).toContain('请填写窗口，如 A27 号窗口');
    expect(textOf(desk)).not.toContain('请按提示修改');
    expect((desk.dom as HTMLElement).querySelector('[role="alert"]')!.textContent).toContain('请选择办理的事项');
    // The 事项 from the city's 办事指南 (6: no search needed), never a code typed by hand.
    (desk.instance as any).openServices();
    await settle();
    const list = (desk.dom as HTMLElement).querySelector('[class*="choice-sheet-list"]') as HTMLElement;
    const rows = Array.from(list.querySelectorAll('[class*="choice-sheet-item"]'));
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.textContent)).toEqual(expect.arrayContaining([expect.stringContaining('140100-ydzz')]));
    expect(searchFieldName(desk)).toBeNull();
    (desk.instance as any).chooseService({ currentTarget: { dataset: { code: '140100-ydzz' } } });
    (desk.instance as any).onCodeField({
      currentTarget: { dataset: { field: 'codeWindow' } },
      detail: { value: 'A27 号窗口' },
    });
    await settle();
    expect(data(desk).servicesOpen).toBe(false);
    expect(textOf(desk)).not.toContain('请选择办理的事项');
    await (desk.instance as any).makeCode();
    await settle();
    expect(textOf(desk)).toContain('请评价人用微信扫码');
    // A 事项 the city does not list (a list read before the 办事指南 changed): why, and what is accepted instead.
    desk.instance.setData({ codeService: '131000-gone', codeServiceName: '已调整的事项', code: null });
    await (desk.instance as any).makeCode();
    await settle();
    expect(textOf(desk)).toContain('太原的办事指南里没有编码为 131000-gone 的事项');
    expect(textOf(desk)).toContain('点“办理事项”，从太原的 6 个事项中选择。');
    expect(data(desk).codeService).toBe('');
    actAs('rp-false');
    const refused = await renderPage(pages['rating-desk']);
    expect(textOf(refused)).toContain('只对医保经办工作人员开放');
  });

  it.each([
    ['normal', false],
    ['elderly', true],
  ])('the 工作台 of a city with many 事项: the list is searched by name or code (%s mode)', async (_m, elderly) => {
    await cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: 'rp-staff-lf', cityCode: '131000' } });
    actAs('rp-staff-lf');
    if (elderly) wxStorage().set('elderlyMode', 'on');
    const desk = await renderPage(pages['rating-desk']);
    (desk.instance as any).openServices();
    await settle();
    expectTDesignRendered(desk, ['popup']);
    expect(searchFieldName(desk)).toBe('查找办理事项：名称或编码');
    expect(textOf(desk)).toContain('廊坊的办理事项（共 28 个）');
    const rows = () =>
      Array.from(
        (desk.dom as HTMLElement).querySelectorAll('[class*="choice-sheet-list"] [class*="choice-sheet-item"]'),
        (r) => r.textContent!,
      );
    expect(rows()).toHaveLength(28);
    (desk.instance as any).onServiceQuery({ detail: { value: '备案' } });
    await settle();
    expect(rows()).toHaveLength(4);
    expect(rows().every((r) => r.includes('备案'))).toBe(true);
    (desk.instance as any).onServiceQuery({ detail: { value: '132036006002' } });
    await settle();
    expect(rows()).toEqual([expect.stringContaining('住院费用报销')]);
    (desk.instance as any).onServiceQuery({ detail: { value: '没有这种事' } });
    await settle();
    expect(textOf(desk)).toContain('没有名称或编码含“没有这种事”的事项。请换个词，或清空后从全部 28 个事项中选择。');
    (desk.instance as any).onServiceQuery({ detail: { value: '' } });
    await settle();
    expect(rows()).toHaveLength(28);
    (desk.instance as any).chooseService({ currentTarget: { dataset: { code: '132036006002' } } });
    await settle();
    expect(textOf(desk)).toContain('住院费用报销');
  });

  it('the statistics page: the chart is there and the table matches the data', async () => {
    for (let i = 0; i < 5; i += 1) {
      const openid = `rp-st-${i}`;
      const filingId = await resident(openid, 960 + i);
      await cloud.call(
        'rating',
        {
          action: 'submit',
          serviceRef: { kind: 'filing', id: filingId },
          channel: 'online',
          level: [1, 1, 2, 3, 3][i],
          requestId: `${openid}-r`,
        },
        { openid, now: '2026-12-03T10:00:00+08:00' },
      );
    }
    const stats = await cloud.call('rating', { action: 'stats', cityCode: '140100', month: '2026-12' });
    const page = await renderPage(pages['rating-stats'], { cityCode: '140100', month: '2026-12' });
    expect(data(page).stats).toEqual(stats.data);
    expect((page.dom as HTMLElement).innerHTML).toContain('canvas');
    const row = stats.data.items[0];
    expect(textOf(page)).toContain(`${row.serviceName} · 网上办理（${row.count} 条）`);
    expect(textOf(page)).toContain(`非常满意 ${row.shares[0]}%`);
    expect(textOf(page)).toContain(`差评率 ${row.badRate}%`);
    expect(textOf(page)).toContain('网上办理：');
    // December is after the page's clock (November): nothing to go forward to.
    expect(textOf(page)).not.toContain('看下个月');
    expectTDesignRendered(page, ['cell']);
  });

  it('我的评价 pages: 20 at first, 加载更多 for the rest, nothing twice', async () => {
    await withProfile(cloud, 'rp-many', 970, FACTS.taiyuanRetired);
    for (let i = 0; i < 23; i += 1) {
      const day = i < 20 ? '2026-11-25' : '2026-11-26';
      const code = await cloud.call(
        'rating',
        { action: 'visitCode', serviceCode: '140100-ydzz', window: `C${i}` },
        { openid: 'rp-staff', now: `${day}T09:00:00+08:00` },
      );
      const rated = await cloud.call(
        'rating',
        {
          action: 'submit',
          serviceRef: { kind: 'visit', id: code.data.visitId },
          channel: 'window',
          level: 1,
          requestId: `rp-many-${String(i).padStart(4, '0')}`,
        },
        { openid: 'rp-many', now: `${day}T10:00:00+08:00` },
      );
      expect(rated.ok).toBe(true);
    }
    actAs('rp-many');
    const page = await renderPage(pages['rating-mine']);
    expect(data(page).items).toHaveLength(20);
    expect(textOf(page)).toContain('加载更多');
    await (page.instance as any).loadMore();
    await settle();
    expect(new Set(data(page).items.map((r: { id: string }) => r.id)).size).toBe(23);
    expect(textOf(page)).not.toContain('加载更多');
  });

  it('the statistics page goes back and forward by month, never past the current one', async () => {
    const page = await renderPage(pages['rating-stats'], { cityCode: '140100', month: '2026-10' });
    expect(textOf(page)).toContain('看下个月');
    await (page.instance as any).next();
    expect(data(page).month).toBe('2026-11');
    expect(textOf(page)).not.toContain('看下个月');
    await (page.instance as any).previous();
    expect(data(page).month).toBe('2026-10');
  });
});
