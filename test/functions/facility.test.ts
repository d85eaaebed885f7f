import { LocalCloud } from '../helpers/localCloud';
import { FACTS, member, testId, testMobile, withMember, withProfile } from '../helpers/people';
import { expectNoPlaintext } from '../helpers/plaintextScan';

jest.setTimeout(120_000);
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await new LocalCloud().start();
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

/** A person insured in a city, with a profile. */
async function person(openid: string, index: number, city: '110000' | '442000') {
  await withProfile(cloud, openid, index, city === '110000' ? FACTS.beijingEmployee : FACTS.zhongshanResident);
  return (event: Record<string, unknown>, now: string) => cloud.call('facility', event, { openid, now });
}

async function firstOf(cityCode: string, type: string, offset = 0): Promise<string> {
  const res = await cloud.call('facility', { action: 'search', cityCode, type, offset, limit: 1 });
  return res.data.items[0].code;
}

describe('finding an institution', () => {
  it('searches by name tolerant of spaces and full-width characters, by code, 镇街 and type; paged by 20', async () => {
    const all = await cloud.call('facility', { action: 'search', cityCode: '110000' });
    expect(all.data.items).toHaveLength(20);
    expect(all.data.total).toBeGreaterThan(300);
    expect(all.data.sampleData).toBe(true);
    const spaced = await cloud.call('facility', {
      action: 'search',
      cityCode: '110000',
      keyword: '东城区 综合医院 （全角abc',
    });
    expect(spaced.data.items.map((i: { name: string }) => i.name)).toEqual(['示例·东城区综合医院（全角ＡＢＣ测试）']);
    const byCode = await cloud.call('facility', { action: 'search', cityCode: '442000', keyword: 'sample-442000-032' });
    expect(byCode.data.total).toBe(10);
    const town = await cloud.call('facility', { action: 'search', cityCode: '442000', town: '小榄镇' });
    expect(town.data.items.every((i: { town: string }) => i.town === '小榄镇')).toBe(true);
    expect(town.data.total).toBe(8);
    const district = await cloud.call('facility', {
      action: 'search',
      cityCode: '110000',
      district: '海淀区',
      type: 'general',
    });
    expect(district.data.total).toBe(12);
    expect(district.data.items.every((i: { district: string }) => i.district === '海淀区')).toBe(true);
    const typed = await cloud.call('facility', { action: 'search', cityCode: '110000', type: 'classA' });
    expect(typed.data.items.every((i: any) => i.noSelectionNeeded && !i.selectable)).toBe(true);
    expect((await cloud.call('facility', { action: 'search', cityCode: '110000', limit: 21 })).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('lists nearest first with distances (geoNear)', async () => {
    const res = await cloud.call('facility', {
      action: 'search',
      cityCode: '442000',
      near: { latitude: 22.67, longitude: 113.25 },
      limit: 20,
    });
    const d = res.data.items.map((i: { distanceMeters: number }) => i.distanceMeters);
    expect(d.every((x: number) => typeof x === 'number')).toBe(true);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    expect(res.data.items[0].distanceMeters).toBeLessThan(3000);
    expect(res.data.items.slice(0, 5).map((i: { town: string }) => i.town)).toContain('小榄镇');
    const page2 = await cloud.call('facility', {
      action: 'search',
      cityCode: '442000',
      near: { latitude: 22.67, longitude: 113.25 },
      offset: 20,
      limit: 20,
    });
    expect(page2.data.items[0].distanceMeters).toBeGreaterThanOrEqual(d[d.length - 1]);
  });

  it('shows what a 中山 choice covers: every community centre/station and the 镇街 hospital of its 镇街', async () => {
    const station = (
      await cloud.call('facility', {
        action: 'search',
        cityCode: '442000',
        town: '石岐街道',
        type: 'communityStation',
        limit: 1,
      })
    ).data.items[0];
    const res = await cloud.call('facility', { action: 'detail', code: station.code });
    expect(res.data.coverage.rule).toBe('sameTown');
    expect(res.data.coverage.institutions.map((i: any) => i.typeLabel).sort()).toEqual(
      ['社区卫生服务中心', ...Array(6).fill('社区卫生服务站'), '镇街医院'].sort(),
    );
    expect(res.data.institution.sample).toBe(true);
  });
});

describe('北京 through the local cloud clock', () => {
  it('refuses outside 4th–month-end 06:00–22:00 with the next opening, and takes effect the next day', async () => {
    const bj = await person('bj-1', 501, '110000');
    const general = await firstOf('110000', 'general');
    const early = await bj(
      { action: 'select', code: general, requestId: 'bj-1-req-0001' },
      '2026-12-03T23:59:00+08:00',
    );
    expect(early).toMatchObject({
      ok: false,
      code: 'OUTSIDE_CHANGE_WINDOW',
      nextPossibleAt: '2026-12-04T06:00:00+08:00',
    });
    const late = await bj({ action: 'preview', op: 'select', code: general }, '2026-12-04T22:00:00+08:00');
    expect(late).toMatchObject({ ok: true, data: { allowed: false, nextPossibleAt: '2026-12-05T06:00:00+08:00' } });
    const ok = await bj({ action: 'select', code: general, requestId: 'bj-1-req-0002' }, '2026-12-04T06:00:00+08:00');
    expect(ok.data.declaration).toMatchObject({
      status: '受理',
      effectiveFrom: '2026-12-05T00:00:00+08:00',
      canWithdraw: true,
    });
    const sameDay = await bj({ action: 'mine' }, '2026-12-04T21:00:00+08:00');
    expect(sameDay.data.kinds[0].slots[0]).toMatchObject({ current: null, pending: { code: general } });
    const nextDay = await bj({ action: 'mine' }, '2026-12-05T00:00:00+08:00');
    expect(nextDay.data.kinds[0].slots[0]).toMatchObject({ current: { code: general }, pending: null });
  });

  it('offers no choice for institutions everyone may use', async () => {
    const bj = await person('bj-2', 502, '110000');
    const classA = await firstOf('110000', 'classA');
    const res = await bj({ action: 'select', code: classA, requestId: 'bj-2-req-0001' }, '2026-12-10T10:00:00+08:00');
    expect(res).toMatchObject({ ok: false, code: 'NOT_SELECTABLE' });
    expect(res.message).toContain('无需选择，可直接就医');
  });

  it('fills 4 slots, refuses a 5th and a duplicate, changes one slot at a time', async () => {
    const bj = await person('bj-3', 503, '110000');
    const now = '2026-12-10T10:00:00+08:00';
    const codes = await Promise.all([0, 1, 2, 3, 4].map((i) => firstOf('110000', 'general', 10 + i)));
    for (let i = 0; i < 4; i += 1)
      expect((await bj({ action: 'select', code: codes[i], requestId: `bj-3-sel-000${i}` }, now)).ok).toBe(true);
    expect((await bj({ action: 'select', code: codes[4], requestId: 'bj-3-sel-0005' }, now)).code).toBe('SLOTS_FULL');
    expect(
      (await bj({ action: 'change', slot: 2, code: codes[0], requestId: 'bj-3-chg-0001' }, '2026-12-11T10:00:00+08:00'))
        .code,
    ).toBe('ALREADY_SELECTED');
    const changed = await bj(
      { action: 'change', slot: 2, code: codes[4], requestId: 'bj-3-chg-0002' },
      '2026-12-11T10:00:00+08:00',
    );
    expect(changed.data.declaration).toMatchObject({
      slot: 2,
      previous: { code: codes[1] },
      effectiveFrom: '2026-12-12T00:00:00+08:00',
    });
  });
});

describe('中山 through the local cloud clock', () => {
  it('first selection now, change next month, one a month, kinds independent', async () => {
    const zs = await person('zs-1', 504, '442000');
    const [a, b, c] = await Promise.all([0, 1, 2].map((i) => firstOf('442000', 'communityStation', i)));
    const first = await zs({ action: 'select', code: a, requestId: 'zs-1-req-0001' }, '2026-12-31T10:00:00+08:00');
    expect(first.data.declaration).toMatchObject({ status: '生效', effectiveFrom: '2026-12-31T10:00:00+08:00' });
    const change = await zs(
      { action: 'change', slot: 1, code: b, requestId: 'zs-1-req-0002' },
      '2026-12-31T11:00:00+08:00',
    );
    expect(change.data.declaration).toMatchObject({ status: '受理', effectiveFrom: '2027-01-01T00:00:00+08:00' });
    const mine = await zs({ action: 'mine' }, '2026-12-31T23:00:00+08:00');
    expect(mine.data.kinds.map((k: any) => k.id)).toEqual(['general', 'special', 'prenatal', 'remote']);
    expect(mine.data.kinds[0].slots[0]).toMatchObject({ current: { code: a }, pending: { code: b } });
    expect(mine.data.kinds.slice(1).every((k: any) => !k.online && k.slots[0].current === null)).toBe(true);
    // January: the December change took effect; January's change is still free.
    const jan = await zs(
      { action: 'change', slot: 1, code: c, requestId: 'zs-1-req-0003' },
      '2027-01-15T10:00:00+08:00',
    );
    expect(jan.data.declaration).toMatchObject({ previous: { code: b }, effectiveFrom: '2027-02-01T00:00:00+08:00' });
    const second = await zs(
      { action: 'change', slot: 1, code: a, requestId: 'zs-1-req-0004' },
      '2027-01-20T10:00:00+08:00',
    );
    expect(second.code).toBe('CHANGE_PENDING');
    expect(second.reasons.map((r: any) => r.code)).toContain('MONTHLY_CHANGE_USED');
    expect(second.nextPossibleAt).toBe('2027-02-01T00:00:00+08:00');
    // A replay of the same request answers exactly what the first call answered.
    const replay = await zs(
      { action: 'change', slot: 1, code: a, requestId: 'zs-1-req-0004' },
      '2027-01-21T10:00:00+08:00',
    );
    expect(replay).toEqual(second);
    expect(
      (
        await zs(
          { action: 'select', kind: 'special', code: a, requestId: 'zs-1-req-0005' },
          '2027-01-20T10:00:00+08:00',
        )
      ).code,
    ).toBe('NOT_OFFERED');
  });

  it('withdraws a pending change (once), without giving back the month', async () => {
    const zs = await person('zs-2', 505, '442000');
    const [a, b, c] = await Promise.all([3, 4, 5].map((i) => firstOf('442000', 'communityStation', i)));
    await zs({ action: 'select', code: a, requestId: 'zs-2-req-0001' }, '2026-11-02T10:00:00+08:00');
    const change = await zs(
      { action: 'change', slot: 1, code: b, requestId: 'zs-2-req-0002' },
      '2026-11-05T10:00:00+08:00',
    );
    const id = change.data.declaration.id;
    const w1 = await zs(
      { action: 'withdraw', declarationId: id, requestId: 'zs-2-wd-0001' },
      '2026-11-06T10:00:00+08:00',
    );
    expect(w1.data.declaration).toMatchObject({ status: '已撤回', canWithdraw: false });
    const w2 = await zs(
      { action: 'withdraw', declarationId: id, requestId: 'zs-2-wd-0001' },
      '2026-11-06T10:00:01+08:00',
    );
    expect(w2.data.declaration.withdrawnAt).toBe(w1.data.declaration.withdrawnAt);
    expect(
      (await zs({ action: 'change', slot: 1, code: c, requestId: 'zs-2-req-0003' }, '2026-11-07T10:00:00+08:00')).code,
    ).toBe('MONTHLY_CHANGE_USED');
    const other = await cloud.call(
      'facility',
      { action: 'withdraw', declarationId: id, requestId: 'x-wd-00001' },
      { openid: 'zs-1', now: '2026-11-07T10:00:00+08:00' },
    );
    expect(other.code).toBe('NOT_FOUND');
  });

  it('acts for a family member only when they are the caller’s', async () => {
    await person('zs-3', 506, '442000');
    const memberId = await withMember(
      cloud,
      'zs-3',
      member(507, 'zs-3-member-1', { cityCode: '442000', scheme: 'resident', category: 'residentAdult' }),
    );
    const code = await firstOf('442000', 'communityStation', 6);
    const forMum = await cloud.call(
      'facility',
      { action: 'select', code, memberId, requestId: 'zs-3-req-0001' },
      { openid: 'zs-3', now: '2026-11-10T10:00:00+08:00' },
    );
    expect(forMum.data.declaration.forWhom).toBe('父母 李*');
    const stranger = await cloud.call('facility', { action: 'mine', memberId }, { openid: 'zs-1' });
    expect(stranger.code).toBe('NOT_YOUR_MEMBER');
  });
});

describe('idempotent and race-free', () => {
  it('50 concurrent changes for one person in one month: exactly one accepted, nothing half-written', async () => {
    const zs = await person('zs-race', 508, '442000');
    const first = await firstOf('442000', 'communityStation', 10);
    await zs({ action: 'select', code: first, requestId: 'race-select-01' }, '2026-11-02T10:00:00+08:00');
    const targets = await cloud.call('facility', {
      action: 'search',
      cityCode: '442000',
      type: 'communityStation',
      offset: 20,
      limit: 20,
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        zs(
          {
            action: 'change',
            slot: 1,
            code: targets.data.items[i % 20].code,
            requestId: `race-change-${String(i).padStart(3, '0')}`,
          },
          '2026-11-20T10:00:00+08:00',
        ),
      ),
    );
    const accepted = results.filter((r) => r.ok);
    expect(accepted).toHaveLength(1);
    expect(
      results.filter((r) => !r.ok).every((r) => ['MONTHLY_CHANGE_USED', 'CHANGE_PENDING', 'CONFLICT'].includes(r.code)),
    ).toBe(true);
    const mine = await zs({ action: 'mine' }, '2026-11-20T10:00:01+08:00');
    expect(mine.data.kinds[0].slots[0]).toMatchObject({
      current: { code: first },
      pending: { code: accepted[0].data.declaration.institution.code },
    });
    const list = await zs({ action: 'declarations', limit: 50 }, '2026-11-20T10:00:01+08:00');
    expect(list.data.items.filter((d: any) => d.op === 'change' && d.status === '受理')).toHaveLength(1);
  });

  it('the same requestId sent 5 times makes one declaration', async () => {
    const zs = await person('zs-retry', 509, '442000');
    const code = await firstOf('442000', 'communityStation', 12);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        zs({ action: 'select', code, requestId: 'retry-same-0001' }, '2026-11-10T10:00:00+08:00'),
      ),
    );
    expect(new Set(results.map((r) => r.data.declaration.id)).size).toBe(1);
    expect((await zs({ action: 'declarations' }, '2026-11-10T10:00:01+08:00')).data.total).toBe(1);
  });
});

describe('变更生效提醒', () => {
  it('is sent once when the change takes effect, even if the timer runs late or twice', async () => {
    const zs = await person('zs-notify', 510, '442000');
    const [a, b] = await Promise.all([14, 15].map((i) => firstOf('442000', 'communityStation', i)));
    await zs({ action: 'select', code: a, requestId: 'notify-sel-01' }, '2026-11-02T10:00:00+08:00');
    await zs(
      { action: 'change', slot: 1, code: b, requestId: 'notify-chg-01', subscribe: true },
      '2026-11-05T10:00:00+08:00',
    );
    const before = await cloud.trigger('facility', 'notifyEffective', '2026-11-30T23:50:00+08:00');
    expect(before.data.sent).toBe(0);
    const late = await cloud.trigger('facility', 'notifyEffective', '2026-12-01T09:30:00+08:00');
    expect(late.data.sent).toBeGreaterThanOrEqual(1);
    await Promise.all([1, 2].map(() => cloud.trigger('facility', 'notifyEffective', '2026-12-01T09:40:00+08:00')));
    const mine = (await cloud.outbox()).filter((m) => m.data.touser === 'zs-notify');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      api: 'subscribeMessage.send',
      data: { template_id: 'local-facility-effective', data: { time2: { value: '2026-12-01 00:00' } } },
    });
  });

  it('cannot be fired by a client posing as the timer', async () => {
    const res = await cloud.call('facility', { Type: 'Timer', TriggerName: 'notifyEffective' }, { openid: 'zs-1' });
    expect(res.code).toBe('VALIDATION_FAILED');
  });
});

describe('personal data after the 定点 flows', () => {
  it('finds no plaintext ID or mobile number in the database files or in any response', () => {
    const used = [501, 502, 503, 504, 505, 506, 508, 509, 510].flatMap((i) => [testId(i), testMobile(i)]);
    expectNoPlaintext(cloud, [...used, testId(507, '19500315')]);
  });
});
