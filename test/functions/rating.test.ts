import { LocalCloud } from '../helpers/localCloud';
import { FACTS, testId, testMobile, withProfile, withTaiyuanFiling } from '../helpers/people';
import { expectNoPlaintext } from '../helpers/plaintextScan';

jest.setTimeout(120_000);
let cloud: LocalCloud;
const NOW = '2026-11-24T10:00:00+08:00';

beforeAll(async () => {
  cloud = await new LocalCloud().start();
  // The staff list: 太原's 工作台 (in production: npm run staff:add or the console).
  expect(
    (await cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: 'staff-ty', cityCode: '140100' } }))
      .ok,
  ).toBe(true);
  expect(
    (await cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: 'staff-ty-2', cityCode: '140100' } }))
      .ok,
  ).toBe(true);
  expect(
    (await cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: 'staff-lf', cityCode: '131000' } }))
      .ok,
  ).toBe(true);
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

/** A 太原 resident with one completed filing, ready to rate. */
async function resident(openid: string, index: number) {
  const filingId = await withTaiyuanFiling(cloud, openid, index, NOW);
  const call = (event: Record<string, unknown>, now = NOW) => cloud.call('rating', event, { openid, now });
  return { call, filingId };
}
const staff =
  (openid: string) =>
  (event: Record<string, unknown>, now = NOW) =>
    cloud.call('rating', event, { openid, now });

describe('一事一评', () => {
  it('offers completed services to rate, rates once, and refuses a second rating showing the first', async () => {
    const { call, filingId } = await resident('rt-a', 901);
    const pending = await call({ action: 'pending' });
    expect(pending.data.items).toEqual([
      {
        serviceRef: { kind: 'filing', id: filingId },
        title: '异地就医备案：跨省非急未转住院人员备案',
        detail: expect.stringContaining('2026-12-01 起'),
        completedAt: expect.any(String),
      },
    ]);
    const first = await call({
      action: 'submit',
      serviceRef: { kind: 'filing', id: filingId },
      channel: 'online',
      level: 2,
      aspects: { 办理进度: 1 },
      requestId: 'rt-a-rate-0001',
    });
    expect(first.data.rating).toMatchObject({ level: 2, levelLabel: '满意', bad: false, followUp: null });
    const again = await call({
      action: 'submit',
      serviceRef: { kind: 'filing', id: filingId },
      channel: 'online',
      level: 5,
      reasons: ['等待时间长'],
      requestId: 'rt-a-rate-0002',
    });
    expect(again).toMatchObject({ ok: false, code: 'ALREADY_RATED' });
    expect(again.message).toContain('满意');
    expect((await call({ action: 'pending' })).data.items).toEqual([]);
  });

  it('two services of one title are told apart: for whom, where to and from when', async () => {
    const { call, filingId } = await resident('rt-two', 909);
    const SH = { provinceCode: '310000', cityCode: '310100' };
    const changed = await cloud.call(
      'filing',
      { action: 'change', filingId, destination: SH, startDate: '2027-01-05', requestId: 'rt-two-change-1' },
      { openid: 'rt-two', now: NOW },
    );
    expect(changed).toMatchObject({ ok: true });
    const items = (await call({ action: 'pending' })).data.items;
    expect(items).toHaveLength(2);
    expect(items.map((i: any) => i.title)).toEqual([
      '异地就医备案：跨省非急未转住院人员备案',
      '异地就医备案：跨省非急未转住院人员备案',
    ]);
    // Each also says its 备案号 (and the replaced one 已变更), so no two read alike.
    expect(items.filter((i: any) => /· 备案号 BA\d{16} · 已变更$/.test(i.detail))).toHaveLength(1);
    expect(items.map((i: any) => i.detail.replace(/ · 备案号 BA\d{16}( · 已变更)?$/, '')).sort()).toEqual([
      '为本人办理 · 就医地 上海市 · 2027-01-05 起',
      '为本人办理 · 就医地 广州市 · 2026-12-01 起',
    ]);
  });

  it('20 concurrent submits of one rating store one', async () => {
    const { call, filingId } = await resident('rt-b', 902);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call({
          action: 'submit',
          serviceRef: { kind: 'filing', id: filingId },
          channel: 'online',
          level: 1,
          requestId: `rt-b-rate-${String(i).padStart(4, '0')}`,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'ALREADY_RATED')).toBe(true);
    expect((await call({ action: 'mine' })).data.ratings).toHaveLength(1);
  });

  it('can’t rate another person’s service; a 差评 needs a reason; a rejected comment is not stored', async () => {
    const a = await resident('rt-c', 903);
    const stranger = staff('rt-stranger');
    expect(
      (
        await stranger({
          action: 'submit',
          serviceRef: { kind: 'filing', id: a.filingId },
          channel: 'online',
          level: 1,
          requestId: 'rt-x-rate-0000',
        })
      ).code,
    ).toBe('PROFILE_REQUIRED');
    await withProfile(cloud, 'rt-stranger', 990, FACTS.taiyuanRetired);
    expect(
      (
        await stranger({
          action: 'submit',
          serviceRef: { kind: 'filing', id: a.filingId },
          channel: 'online',
          level: 1,
          requestId: 'rt-x-rate-0001',
        })
      ).code,
    ).toBe('NOT_YOUR_SERVICE');
    expect(
      (
        await a.call({
          action: 'submit',
          serviceRef: { kind: 'filing', id: a.filingId },
          channel: 'online',
          level: 4,
          requestId: 'rt-c-rate-0001',
        })
      ).code,
    ).toBe('REASON_REQUIRED');
    const rejected = await a.call({
      action: 'submit',
      serviceRef: { kind: 'filing', id: a.filingId },
      channel: 'online',
      level: 5,
      comment: '这是诈骗',
      reasons: ['等待时间长'],
      requestId: 'rt-c-rate-0002',
    });
    expect(rejected.code).toBe('CONTENT_REJECTED');
    // The words WeChat names (here the local stand-in's keyword), next to the comment field too.
    expect(rejected.message).toContain('留言里的“诈骗”不能发布');
    expect(rejected.fieldErrors).toEqual({ comment: [rejected.message] });
    expect((await a.call({ action: 'mine' })).data.ratings).toEqual([]);
    expect((await cloud.outbox()).some((m) => m.api === 'security.msgSecCheck' && m.data.content === '这是诈骗')).toBe(
      true,
    );
  });
});

describe('a 差评 followed up to the end', () => {
  it('submit → staff queue → claim → resolve → reply → the resident’s confirm, every step audited', async () => {
    const { call, filingId } = await resident('rt-d', 904);
    const bad = await call(
      {
        action: 'submit',
        serviceRef: { kind: 'filing', id: filingId },
        channel: 'online',
        level: 5,
        reasons: ['等待时间长'],
        comment: '等了很久',
        callback: true,
        requestId: 'rt-d-rate-0001',
      },
      '2026-09-30T10:00:00+08:00',
    );
    expect(bad.data.rating).toMatchObject({
      bad: true,
      levelLabel: '不满意',
      // 太原: 10 working days (《太原市政务服务“好差评”工作制度（试行）》): 10-08, 09, 10 (调休), 12–16, 19, 20.
      followUp: { state: '待核实', dueDate: '2026-10-20' },
    });
    const hr = staff('staff-ty');
    const queue = await hr({ action: 'queue' }, '2026-10-21T10:00:00+08:00');
    const item = queue.data.items.find((i: any) => i.id === bad.data.rating.id);
    expect(item).toMatchObject({ callbackPhone: `139****${testMobile(904).slice(-4)}` } as any);
    expect(item.followUp.overdue).toBe(true);
    expect((await hr({ action: 'claim', ratingId: item.id })).data.item).toMatchObject({
      claimedBy: 'staff-ty',
      followUp: { state: '整改中' },
    });
    expect((await staff('staff-ty-2')({ action: 'claim', ratingId: item.id })).code).toBe('ALREADY_CLAIMED');
    expect(
      (await staff('staff-ty-2')({ action: 'resolve', ratingId: item.id, verification: 'x', rectification: 'y' })).code,
    ).toBe('NOT_CLAIMED');
    expect((await hr({ action: 'reply', ratingId: item.id, answer: '已整改' })).code).toBe('NOT_CLAIMED');
    expect(
      (
        await hr({
          action: 'resolve',
          ratingId: item.id,
          verification: '属实：高峰期窗口不足',
          rectification: '增开窗口',
        })
      ).data.item.followUp.state,
    ).toBe('已整改');
    expect((await hr({ action: 'contact', ratingId: item.id })).data.phone).toBe(testMobile(904));
    expect(
      (await hr({ action: 'reply', ratingId: item.id, answer: '已增开窗口，感谢反馈' }, '2026-10-12T10:00:00+08:00'))
        .data.item.followUp.state,
    ).toBe('已回复');
    const mine = await call({ action: 'mine' });
    expect(mine.data.ratings[0].followUp).toMatchObject({
      state: '已回复',
      answer: '已增开窗口，感谢反馈',
      residentSatisfied: null,
    });
    expect(
      (await call({ action: 'confirm', ratingId: item.id, satisfied: true })).data.rating.followUp.residentSatisfied,
    ).toBe(true);
    const audits = await cloud.call('probe', { action: 'list', collection: 'audit', where: { subject: item.id } });
    expect(audits.data.map((a: any) => a.action).sort()).toEqual([
      'rating.claim',
      'rating.contact',
      'rating.reply',
      'rating.resolve',
    ]);
  });

  it('after the rater deletes their data, staff see 已注销: no call-back number, no comment, nothing to read', async () => {
    const { call, filingId } = await resident('rt-gone', 905);
    const bad = await call({
      action: 'submit',
      serviceRef: { kind: 'filing', id: filingId },
      channel: 'online',
      level: 5,
      reasons: ['等待时间长'],
      comment: '请打电话给我',
      callback: true,
      requestId: 'rt-gone-rate-0001',
    });
    const hr = staff('staff-ty');
    const before = (await hr({ action: 'queue' })).data.items.find((i: any) => i.id === bad.data.rating.id);
    expect(before).toMatchObject({ callbackPhone: `139****${testMobile(905).slice(-4)}`, raterDeleted: false });
    expect((await hr({ action: 'contact', ratingId: before.id })).data.phone).toBe(testMobile(905));

    expect(
      (await cloud.call('user', { action: 'deleteProfile', confirm: true }, { openid: 'rt-gone', now: NOW })).ok,
    ).toBe(true);
    const after = (await hr({ action: 'queue' })).data.items.find((i: any) => i.id === bad.data.rating.id);
    expect(after).toMatchObject({ callbackPhone: null, comment: null, raterDeleted: true, reasons: ['等待时间长'] });
    const contact = await hr({ action: 'contact', ratingId: before.id });
    expect(contact).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(contact.message).toMatch(/已注销/);
    const [stored] = (await cloud.call('probe', { action: 'list', collection: 'ratings', where: { _id: before.id } }))
      .data;
    expect(stored).toMatchObject({ callbackPhone: null, comment: null });
    // The follow-up goes on to its end: staff record and answer it.
    expect((await hr({ action: 'claim', ratingId: before.id })).ok).toBe(true);
  });

  it('refuses every staff action to a non-staff caller, and staff of another city', async () => {
    const outsider = staff('rt-d');
    for (const event of [
      { action: 'queue' },
      { action: 'claim', ratingId: 'filing:x' },
      { action: 'resolve', ratingId: 'filing:x', verification: 'a', rectification: 'b' },
      { action: 'reply', ratingId: 'filing:x', answer: 'a' },
      { action: 'contact', ratingId: 'filing:x' },
    ]) {
      expect((await outsider(event)).code).toBe('NOT_STAFF');
    }
    const lf = staff('staff-lf');
    expect((await lf({ action: 'queue' })).data.items).toEqual([]);
  });
});

describe('published statistics', () => {
  it('publishes an item only with 5 or more ratings, with shares, 差评 rate and 整改率', async () => {
    for (let i = 0; i < 5; i += 1) {
      const { call, filingId } = await resident(`rt-s${i}`, 910 + i);
      const level = [1, 1, 2, 4, 5][i];
      await call(
        {
          action: 'submit',
          serviceRef: { kind: 'filing', id: filingId },
          channel: 'online',
          level,
          ...(level >= 4 ? { reasons: ['等待时间长'] } : {}),
          requestId: `rt-s${i}-rate-1`,
        },
        '2026-12-02T10:00:00+08:00',
      );
    }
    const stats = await cloud.call('rating', { action: 'stats', cityCode: '140100', month: '2026-12' });
    expect(stats.data.items).toEqual([
      {
        serviceCode: '140100-kjfj',
        serviceName: '跨省非急未转住院人员备案',
        channel: 'online',
        channelName: '网上办理',
        labels: ['非常满意', '满意', '基本满意', '一般', '不满意'],
        count: 5,
        shares: [40, 20, 0, 20, 20],
        badRate: 40,
        rectificationRate: 0,
        sample: false,
      },
    ]);
    const sparse = await cloud.call('rating', { action: 'stats', cityCode: '140100', month: '2026-09' });
    expect(sparse.data).toMatchObject({ items: [], suppressed: 1 });
    expect(JSON.stringify(stats)).not.toMatch(/rt-s|139\\d/);
  });

  it('publishes window ratings apart, with the window labels (level 5 is 非常不满意, not 不满意)', async () => {
    const hr = staff('staff-ty');
    for (let level = 1; level <= 5; level += 1) {
      const openid = `rt-win-pub-${level}`;
      await withProfile(cloud, openid, 920 + level, FACTS.taiyuanRetired);
      const code = await hr(
        { action: 'visitCode', serviceCode: '140100-ydzz', window: `B${level} 号窗口` },
        '2027-01-05T09:00:00+08:00',
      );
      const rated = await cloud.call(
        'rating',
        {
          action: 'submit',
          serviceRef: { kind: 'visit', id: code.data.visitId },
          channel: 'window',
          level,
          ...(level >= 4 ? { reasons: ['等待时间长'] } : {}),
          requestId: `${openid}-r`,
        },
        { openid, now: '2027-01-05T10:00:00+08:00' },
      );
      expect(rated.ok).toBe(true);
    }
    const stats = await cloud.call('rating', { action: 'stats', cityCode: '140100', month: '2027-01' });
    expect(stats.data.items).toEqual([
      expect.objectContaining({
        serviceCode: '140100-ydzz',
        channel: 'window',
        channelName: '窗口办理',
        labels: ['非常满意', '满意', '基本满意', '不满意', '非常不满意'],
        count: 5,
        shares: [20, 20, 20, 20, 20],
      }),
    ]);
  });
});

describe('一次一评 at the window', () => {
  it('staff show a one-time code; the resident rates with the window labels, once, before it expires', async () => {
    await withProfile(cloud, 'rt-window', 905, FACTS.taiyuanRetired);
    await withProfile(cloud, 'rt-other', 906, FACTS.taiyuanRetired);
    const hr = staff('staff-ty');
    const code = await hr({ action: 'visitCode', serviceCode: '140100-ydzz', window: 'A27 号窗口' });
    // Two hours after the request's clock, which starts at x-now and keeps running.
    expect(code.data).toMatchObject({
      contentType: 'image/png',
      expiresAt: expect.stringMatching(/^2026-11-24T12:00:0\d(\.\d+)?\+08:00$/),
    });
    expect(Buffer.from(code.data.image, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(
      (await cloud.outbox()).some((m) => m.api === 'wxacode.getUnlimited' && m.data.scene === code.data.visitId),
    ).toBe(true);
    const visitor = (event: Record<string, unknown>, now = '2026-11-24T10:30:00+08:00') =>
      cloud.call('rating', event, { openid: 'rt-window', now });
    const seen = await visitor({ action: 'visit', visitId: code.data.visitId });
    expect(seen.data).toMatchObject({
      serviceName: '异地转诊人员备案',
      window: 'A27 号窗口',
      usable: true,
    });
    // The window scale, as the page shows it: its labels, and which of them are 差评.
    expect(seen.data.scale.levels.map((l: { label: string; bad: boolean }) => [l.label, l.bad])).toEqual([
      ['非常满意', false],
      ['满意', false],
      ['基本满意', false],
      ['不满意', true],
      ['非常不满意', true],
    ]);
    expect(seen.data.scale.reasons).toContain('等待时间长');
    const submit = {
      action: 'submit',
      serviceRef: { kind: 'visit', id: code.data.visitId },
      channel: 'window',
      level: 4,
      reasons: ['等待时间长'],
      requestId: 'rt-window-0001',
    };
    const rated = await visitor(submit);
    expect(rated.data.rating).toMatchObject({ channel: 'window', levelLabel: '不满意', bad: true });
    // The page's retry after a lost answer gets the rating back, though the code has expired meanwhile.
    expect(await visitor(submit, '2026-11-24T12:30:00+08:00')).toEqual(rated);
    const again = await cloud.call(
      'rating',
      {
        action: 'submit',
        serviceRef: { kind: 'visit', id: code.data.visitId },
        channel: 'window',
        level: 1,
        requestId: 'rt-window-0002',
      },
      { openid: 'rt-other' },
    );
    // Someone else's rating of the code is never disclosed: only that the code was used.
    expect(again.code).toBe('CODE_USED');
    expect(again.message).not.toMatch(/满意/);
    expect((await visitor({ action: 'visit', visitId: code.data.visitId })).data).toMatchObject({
      usable: false,
      reason: '这个评价码已经用过了。',
    });
    const late = await hr({ action: 'visitCode', serviceCode: '140100-ydzz', window: 'A28 号窗口' });
    expect(
      (
        await visitor(
          {
            action: 'submit',
            serviceRef: { kind: 'visit', id: late.data.visitId },
            channel: 'window',
            level: 1,
            requestId: 'rt-window-0003',
          },
          '2026-11-24T12:00:01+08:00',
        )
      ).code,
    ).toBe('CODE_EXPIRED');
    expect(
      (
        await visitor({
          action: 'submit',
          serviceRef: { kind: 'visit', id: late.data.visitId },
          channel: 'online',
          level: 1,
          requestId: 'rt-window-0004',
        })
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect((await staff('rt-window')({ action: 'visitCode', serviceCode: '140100-ydzz', window: 'x' })).code).toBe(
      'NOT_STAFF',
    );
  });
});

describe('the 事项 a window code is for', () => {
  it('staff choose from their city’s 办事指南 (window items first); another city’s or a malformed code says what is accepted', async () => {
    const lf = await staff('staff-lf')({ action: 'deskServices' });
    expect(lf.data).toMatchObject({ cityCode: '131000', cityName: '廊坊' });
    expect(lf.data.items).toHaveLength(28);
    expect(lf.data.items[0]).toEqual({
      code: '132036001001',
      name: '单位参保登记',
      category: expect.any(String),
      atWindow: true,
    });
    const ty = (await staff('staff-ty')({ action: 'deskServices' })).data.items;
    expect(ty.map((i: { code: string }) => i.code)).toContain('140100-ydzz');
    expect(ty.every((i: { code: string }) => i.code.startsWith('140100-'))).toBe(true);
    // Items handled at a window come before those that are not.
    const firstOffWindow = ty.findIndex((i: { atWindow: boolean }) => !i.atWindow);
    expect(firstOffWindow).toBeGreaterThan(0);
    expect(ty.slice(firstOffWindow).every((i: { atWindow: boolean }) => !i.atWindow)).toBe(true);
    expect((await staff('rt-nobody')({ action: 'deskServices' })).code).toBe('NOT_STAFF');

    const elsewhere = await staff('staff-ty')({ action: 'visitCode', serviceCode: '132036001001', window: 'A27' });
    expect(elsewhere.code).toBe('NOT_FOUND');
    expect(elsewhere.message).toContain('太原的办事指南里没有编码为 132036001001 的事项');
    expect(elsewhere.message).toContain('只能为本市办事指南里的事项生成评价码。请重新选择事项。');
    const malformed = await staff('staff-ty')({ action: 'visitCode', serviceCode: 'ydzz', window: 'A27' });
    expect(malformed.fieldErrors.serviceCode[0]).toContain('事项编码应为 12 位数字');
  });
});

describe('limits and defaults', () => {
  /** `n` window codes shown on `day`, all rated by `openid` at once (level 1); `rate` rates one again. */
  async function rateWindowsAtOnce(openid: string, n: number, day: string) {
    const hr = staff('staff-ty');
    const codes: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const shown = await hr(
        { action: 'visitCode', serviceCode: '140100-ydzz', window: `${i} 号` },
        `${day}T09:00:00+08:00`,
      );
      codes.push(shown.data.visitId);
    }
    const rate = (visitId: string, i: number) =>
      cloud.call(
        'rating',
        {
          action: 'submit',
          serviceRef: { kind: 'visit', id: visitId },
          channel: 'window',
          level: 1,
          requestId: `${openid}-${String(i).padStart(4, '0')}`,
        },
        { openid, now: `${day}T10:00:00+08:00` },
      );
    return { codes, rate, results: await Promise.all(codes.map(rate)) };
  }

  it('holds the daily limit under 25 concurrent window ratings by one resident', async () => {
    await withProfile(cloud, 'rt-race', 908, FACTS.taiyuanRetired);
    const { codes, rate, results } = await rateWindowsAtOnce('rt-race', 25, '2026-11-27');
    const unexpected = results.filter((r) => !r.ok && !['RATE_LIMITED', 'CONFLICT'].includes(r.code));
    expect(unexpected).toEqual([]);
    // Those that lost to a concurrent one try again, as the page's retry does: never more than 20 in all.
    for (const [i, r] of results.entries()) if (!r.ok && r.code === 'CONFLICT') await rate(codes[i], i);
    const mine = await cloud.call(
      'rating',
      { action: 'mine' },
      { openid: 'rt-race', now: '2026-11-27T10:00:00+08:00' },
    );
    expect(mine.data.ratings).toHaveLength(20);
  });

  it('counts every one of 12 concurrent ratings, though they are the first of their month and item', async () => {
    await withProfile(cloud, 'rt-first', 930, FACTS.taiyuanRetired);
    const { codes, rate, results } = await rateWindowsAtOnce('rt-first', 12, '2027-03-01');
    expect(results.filter((r) => !r.ok && r.code !== 'CONFLICT')).toEqual([]);
    for (const [i, r] of results.entries()) if (!r.ok) expect((await rate(codes[i], i)).ok).toBe(true);
    const stats = await cloud.call('rating', { action: 'stats', cityCode: '140100', month: '2027-03' });
    expect(stats.data.items).toEqual([expect.objectContaining({ serviceCode: '140100-ydzz', count: 12 })]);
  });

  it('publishes a month whose count documents fill more than one query (CloudBase answers 1,000 at most)', async () => {
    const doc = { cityCode: '140100', month: '2025-06', serviceCode: '140100-ydaz', channel: 'online', level: 1 };
    for (const times of [250, 250, 250, 251]) {
      const put = {
        action: 'putMany',
        collection: 'rating_counts',
        doc: { ...doc, count: 1, followedUpInTime: 0 },
        times,
      };
      expect((await cloud.call('probe', put)).ok).toBe(true);
    }
    const stats = await cloud.call('rating', { action: 'stats', cityCode: '140100', month: '2025-06' });
    expect(stats.data.items).toEqual([expect.objectContaining({ serviceCode: '140100-ydaz', count: 1001 })]);
  });

  it('allows 20 ratings a day per person, and says so on the 21st', async () => {
    await withProfile(cloud, 'rt-busy', 907, FACTS.taiyuanRetired);
    const hr = staff('staff-ty');
    const rater = (event: Record<string, unknown>) =>
      cloud.call('rating', event, { openid: 'rt-busy', now: '2026-11-26T10:00:00+08:00' });
    for (let i = 0; i < 21; i += 1) {
      const code = await hr(
        { action: 'visitCode', serviceCode: '140100-ydzz', window: `窗口${i}` },
        '2026-11-26T09:00:00+08:00',
      );
      const res = await rater({
        action: 'submit',
        serviceRef: { kind: 'visit', id: code.data.visitId },
        channel: 'window',
        level: 1,
        requestId: `rt-busy-${String(i).padStart(4, '0')}`,
      });
      if (i < 20) expect(res.ok).toBe(true);
      else expect(res).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    }
  });

  it('中山 (广东): a service not rated within 7 days counts as 基本满意, once; a rating in time stands', async () => {
    const zs = async (openid: string, index: number, station: number) => {
      await withProfile(cloud, openid, index, FACTS.zhongshanResident);
      const code = (
        await cloud.call('facility', {
          action: 'search',
          cityCode: '442000',
          type: 'communityStation',
          offset: station,
          limit: 1,
        })
      ).data.items[0].code;
      const d = await cloud.call(
        'facility',
        { action: 'select', code, requestId: `${openid}-sel-1` },
        { openid, now: '2026-11-02T10:00:00+08:00' },
      );
      return d.data.declaration.id as string;
    };
    const silent = await zs('rt-zs-silent', 970, 40);
    const rated = await zs('rt-zs-rated', 971, 41);
    await cloud.call(
      'rating',
      {
        action: 'submit',
        serviceRef: { kind: 'declaration', id: rated },
        channel: 'online',
        level: 1,
        requestId: 'rt-zs-rated-r1',
      },
      { openid: 'rt-zs-rated', now: '2026-11-05T10:00:00+08:00' },
    );
    expect((await cloud.trigger('rating', 'defaultRatings', '2026-11-08T10:00:00+08:00')).data.recorded).toBe(0);
    expect((await cloud.trigger('rating', 'defaultRatings', '2026-11-09T10:30:00+08:00')).data.recorded).toBe(1);
    expect((await cloud.trigger('rating', 'defaultRatings', '2026-11-10T10:30:00+08:00')).data.recorded).toBe(0);
    const silentMine = await cloud.call('rating', { action: 'mine' }, { openid: 'rt-zs-silent' });
    expect(silentMine.data.ratings).toEqual([
      expect.objectContaining({ id: `declaration:${silent}`, levelLabel: '基本满意' }),
    ]);
    const ratedMine = await cloud.call('rating', { action: 'mine' }, { openid: 'rt-zs-rated' });
    expect(ratedMine.data.ratings.map((r: any) => r.levelLabel)).toEqual(['非常满意']);
  });
});

describe('personal data after the rating flows', () => {
  it('finds no plaintext ID or mobile number at rest; the call-back number left only through `contact`', () => {
    const indexes = [901, 902, 903, 904, 910, 911, 912, 913, 914, 970, 971];
    const responses = cloud.responses.filter((r) => !r.includes('"phone"'));
    cloud.responses.splice(0, cloud.responses.length, ...responses);
    expectNoPlaintext(
      cloud,
      indexes.flatMap((i) => [testId(i), testMobile(i)]),
    );
  });
});
