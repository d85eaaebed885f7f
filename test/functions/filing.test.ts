import { LocalCloud } from '../helpers/localCloud';
import { FACTS, member, taiyuanFilingEvent, testId, testMobile, withMember, withProfile } from '../helpers/people';
import { expectNoPlaintext } from '../helpers/plaintextScan';

jest.setTimeout(120_000);
let cloud: LocalCloud;
const NOW = '2026-11-24T10:00:00+08:00';
const GZ = { provinceCode: '440000', cityCode: '440100' };
const NJ = { provinceCode: '320000', cityCode: '320100' };
const DT = { provinceCode: '140000', cityCode: '140200' };

beforeAll(async () => {
  cloud = await new LocalCloud().start();
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

async function person(openid: string, index: number, facts: Record<string, string>) {
  await withProfile(cloud, openid, index, facts);
  return (event: Record<string, unknown>, now = NOW) => cloud.call('filing', event, { openid, now });
}
const TY_RETIRED = FACTS.taiyuanRetired;
const LF_EMPLOYED = FACTS.langfangEmployee;

describe('types and the questionnaire', () => {
  it('lists 太原’s six types with how each is done, from the catalogue', async () => {
    const res = await cloud.call('filing', { action: 'types', cityCode: '140100' });
    expect(res.data.types).toHaveLength(6);
    const referral = res.data.types.find((t: any) => t.typeCode === '140100-ydzz');
    expect(referral).toMatchObject({ online: false, channels: [{ kind: 'hospital', name: '有转诊资格的医院医保科' }] });
    expect(referral.offline).toContain('《转外住院审批表》');
    // Every type says it once: one reminder about 卡环境检测, not two wordings of it.
    for (const type of res.data.types)
      expect(type.reminders.filter((r: string) => r.includes('卡环境检测'))).toHaveLength(1);
    expect(referral.supervisionPhone.number).toBe('0351-2377283');
  });

  it('recommends a type with why, and explains when none fits', async () => {
    const ty = await person('fil-q', 701, TY_RETIRED);
    const settled = await ty({ action: 'recommend', reason: 'retiredSettled', destination: GZ });
    expect(settled.data).toMatchObject({
      type: { typeCode: '140100-ydaz' },
      scope: '跨省',
      why: '您已退休，并在外地定居（安置）。',
    });
    const inProvince = await ty({ action: 'recommend', reason: 'otherTemporary', destination: DT });
    expect(inProvince.data).toMatchObject({ type: null, scope: '省内' });
    expect(inProvince.data.why).toContain('0351-2366791');
  });

  it('says where a 太原 城乡居民 can go, that an emergency counts as filed, and that a commitment can stand for proof', async () => {
    const resident = await person('fil-res', 741, {
      cityCode: '140100',
      scheme: 'resident',
      category: 'residentAdult',
    });
    const refused = await resident({ action: 'recommend', reason: 'otherTemporary', destination: GZ });
    expect(refused.data).toMatchObject({ type: { typeCode: '140100-kjfj' }, eligible: false });
    expect(refused.data.why).toContain('城乡居民医保科 A20–A22 号窗口');
    expect(refused.data.why).toContain('0351-2366759');
    const submitted = await resident({
      action: 'preview',
      cityCode: '140100',
      typeCode: '140100-kjfj',
      destination: GZ,
      startDate: '2026-12-01',
    });
    expect(submitted.data.reasons.find((r: { code: string }) => r.code === 'NOT_ELIGIBLE').message).toContain(
      '城乡居民医保科',
    );

    const ty = await person('fil-em', 742, TY_RETIRED);
    const emergency = await ty({ action: 'recommend', reason: 'emergency', destination: GZ });
    expect(emergency.data).toMatchObject({ type: { typeCode: '140100-kjjz' }, eligible: true });
    expect(emergency.data.notes).toEqual([expect.stringContaining('急诊抢救视同已备案')]);
    expect(emergency.data.type.reminders).toContainEqual(expect.stringContaining('视同已备案'));
    // In the province there is no 太原 type for it, and it still counts as filed.
    expect((await ty({ action: 'recommend', reason: 'emergency', destination: DT })).data).toMatchObject({
      type: null,
      notes: [expect.stringContaining('视同已备案')],
    });
    expect((await ty({ action: 'recommend', reason: 'otherTemporary', destination: GZ })).data.notes).toEqual([]);
    const types = (await cloud.call('filing', { action: 'types', cityCode: '140100' })).data.types;
    for (const type of types) {
      const commitment = type.reminders.some((r: string) => r.includes('《个人承诺书》'));
      expect([type.typeCode, commitment]).toEqual([type.typeCode, type.category === 'longTerm']);
    }
  });

  it('answers provinces and cities from the division data', async () => {
    const provinces = await cloud.call('filing', { action: 'provinces' });
    expect(provinces.data.provinces).toHaveLength(31);
    const cities = await cloud.call('filing', { action: 'cities', provinceCode: '440000' });
    expect(cities.data.cities.map((c: any) => c.name)).toContain('中山市');
  });
});

describe('preview and submit', () => {
  it('previews validity in words, submits once per requestId, refuses an overlap naming it', async () => {
    const ty = await person('fil-a', 702, TY_RETIRED);
    const base = { cityCode: '140100', typeCode: '140100-kjfj', destination: GZ, startDate: '2026-12-01' };
    const preview = await ty({ action: 'preview', ...base });
    expect(preview.data).toMatchObject({
      allowed: true,
      validityText: '2026年12月1日起至2027年5月31日有效',
      contactPhone: `139****${testMobile(702).slice(-4)}`,
    });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => ty({ action: 'submit', ...base, requestId: 'fil-a-req-0001' })),
    );
    expect(new Set(results.map((r) => r.data.filingId)).size).toBe(1);
    expect(results[0].data.filingId).toMatch(/^BA20261124\d{8}$/);
    expect(results[0].data.filing).toMatchObject({
      validFrom: '2026-12-01',
      validUntil: '2027-05-31',
      status: '已备案',
      scope: '跨省',
    });
    const overlap = await ty({
      action: 'submit',
      ...base,
      destination: NJ,
      startDate: '2027-01-01',
      requestId: 'fil-a-req-0002',
    });
    expect(overlap.code).toBe('OVERLAPPING_FILING');
    expect(overlap.message).toContain('广州市');
    expect((await ty({ action: 'mine' })).data.filings.map((f: any) => f.status).sort()).toEqual(['已备案', '未通过']);
  });

  it('lets only one of concurrent overlapping submits through', async () => {
    const ty = await person('fil-race', 703, TY_RETIRED);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ty({
          action: 'submit',
          cityCode: '140100',
          typeCode: '140100-kjfj',
          destination: i % 2 ? GZ : NJ,
          startDate: '2026-12-01',
          requestId: `fil-race-${String(i).padStart(4, '0')}`,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'OVERLAPPING_FILING')).toBe(true);
    const statuses = (await ty({ action: 'mine' })).data.filings.map((f: any) => f.status);
    expect(statuses.filter((s: string) => s === '已备案')).toHaveLength(1);
    expect(statuses.filter((s: string) => s === '未通过')).toHaveLength(11);
  });

  it('tells everything missing at once for a long-term filing', async () => {
    const ty = await person('fil-m', 704, TY_RETIRED);
    const res = await ty({
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-ydaz',
      destination: GZ,
      startDate: '2026-12-01',
      requestId: 'fil-m-req-0001',
    });
    expect(res).toMatchObject({ ok: false, code: 'MATERIALS_MISSING' });
    expect(res.message).toBe('还需要填写：就医地居住地址。');
    const ok = await ty({
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-ydaz',
      destination: GZ,
      startDate: '2026-12-01',
      address: '广州市示例路1号',
      requestId: 'fil-m-req-0002',
    });
    expect(ok.data.filing).toMatchObject({
      validUntil: null,
      validityText: '2026年12月1日起长期有效，至撤销或变更为止',
    });
  });

  it('refuses what cannot be filed online, with where to go: 廊坊 常驻异地工作, 太原 转诊', async () => {
    const lf = await person('fil-lf', 705, LF_EMPLOYED);
    const res = await lf({
      action: 'submit',
      cityCode: '131000',
      typeCode: '132036004003',
      destination: GZ,
      startDate: '2026-12-01',
      address: '示例',
      requestId: 'fil-lf-req-01',
    });
    expect(res.code).toBe('NOT_ONLINE');
    expect(res.message).toContain('窗口');
    const ty = await person('fil-zz', 706, TY_RETIRED);
    expect(
      (
        await ty({
          action: 'preview',
          cityCode: '140100',
          typeCode: '140100-ydzz',
          destination: GZ,
          startDate: '2026-12-01',
        })
      ).data.reasons[0].code,
    ).toBe('NOT_ONLINE');
  });

  it('refuses a 参保地 that is not the person’s, and a destination not in the list', async () => {
    const ty = await person('fil-v', 707, TY_RETIRED);
    expect(
      (
        await ty({
          action: 'preview',
          cityCode: '131000',
          typeCode: '132036004004',
          destination: GZ,
          startDate: '2026-12-01',
        })
      ).fieldErrors.cityCode[0],
    ).toContain('太原');
    expect(
      (
        await ty({
          action: 'preview',
          cityCode: '140100',
          typeCode: '140100-kjfj',
          destination: { provinceCode: '440000', cityCode: '320100' },
          startDate: '2026-12-01',
        })
      ).fieldErrors.destination,
    ).toBeDefined();
  });
});

describe('for a family member, cancel, status over time', () => {
  it('files for a member, shows it under 我的备案, cancels it', async () => {
    await person('fil-f', 708, TY_RETIRED);
    const memberId = await withMember(
      cloud,
      'fil-f',
      member(709, 'fil-f-member-1', { cityCode: '140100', scheme: 'employee', category: 'retired' }),
    );
    const filed = await cloud.call(
      'filing',
      {
        action: 'submit',
        cityCode: '140100',
        typeCode: '140100-kjfj',
        destination: GZ,
        startDate: '2026-12-01',
        forMemberId: memberId,
        requestId: 'fil-f-req-0001',
      },
      { openid: 'fil-f', now: NOW },
    );
    expect(filed.data.filing).toMatchObject({ forWhom: '父母 李*', personName: '李*' });
    expect(
      (
        await cloud.call(
          'filing',
          {
            action: 'submit',
            cityCode: '140100',
            typeCode: '140100-kjfj',
            destination: GZ,
            startDate: '2026-12-01',
            forMemberId: memberId,
            requestId: 'x-other-0001',
          },
          { openid: 'fil-a', now: NOW },
        )
      ).code,
    ).toBe('NOT_YOUR_MEMBER');
    const id = filed.data.filingId;
    const during = await cloud.call(
      'filing',
      { action: 'detail', filingId: id },
      { openid: 'fil-f', now: '2027-05-31T23:59:00+08:00' },
    );
    expect(during.data.filing.status).toBe('生效中');
    const after = await cloud.call(
      'filing',
      { action: 'detail', filingId: id },
      { openid: 'fil-f', now: '2027-06-01T00:00:00+08:00' },
    );
    expect(after.data.filing.status).toBe('已过期');
    const cancelled = await cloud.call(
      'filing',
      { action: 'cancel', filingId: id, requestId: 'fil-f-cancel-1' },
      { openid: 'fil-f', now: '2026-12-10T10:00:00+08:00' },
    );
    expect(cancelled.data.filing).toMatchObject({ status: '已撤销', canCancel: false });
    expect((await cloud.call('filing', { action: 'detail', filingId: id }, { openid: 'fil-a' })).code).toBe(
      'NOT_FOUND',
    );
    // Cancelled: a new filing for the same dates is allowed.
    const again = await cloud.call(
      'filing',
      {
        action: 'submit',
        cityCode: '140100',
        typeCode: '140100-kjfj',
        destination: NJ,
        startDate: '2026-12-15',
        forMemberId: memberId,
        requestId: 'fil-f-req-0002',
      },
      { openid: 'fil-f', now: '2026-12-10T10:00:00+08:00' },
    );
    expect(again.ok).toBe(true);
  });

  it('leaves no plaintext ID, mobile number or address at rest or in responses', () => {
    const ids = [701, 702, 703, 704, 705, 706, 707, 708].flatMap((i) => [testId(i), testMobile(i)]);
    expectNoPlaintext(cloud, [...ids, testId(709, '19500315'), '广州市示例路1号']);
  });
});

describe('备案即将到期 reminder', () => {
  it('sends once per filing N days before the end, even if the timer runs late or twice', async () => {
    const ty = await person('fil-r', 710, TY_RETIRED);
    const filed = await ty({
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-kjfj',
      destination: GZ,
      startDate: '2026-12-01',
      subscribe: true,
      requestId: 'fil-r-req-0001',
    });
    expect(filed.data.filing.validUntil).toBe('2027-05-31');
    // One hourly timer (WeChat allows one timer trigger per function): reminders only in the day, Beijing time.
    const early = await cloud.trigger('filing', 'hourly', '2027-05-23T09:00:00+08:00');
    expect(early.data.remindExpiring.sent).toBe(0);
    const night = await cloud.trigger('filing', 'hourly', '2027-05-26T03:00:00+08:00');
    expect(night.data).toMatchObject({ purgeRosters: { removed: 0 }, remindExpiring: null });
    const late = await cloud.trigger('filing', 'hourly', '2027-05-26T11:00:00+08:00');
    expect(late.data.remindExpiring.sent).toBe(1);
    await Promise.all([1, 2].map(() => cloud.trigger('filing', 'hourly', '2027-05-26T11:05:00+08:00')));
    const mine = (await cloud.outbox()).filter((m) => m.data.touser === 'fil-r');
    expect(mine).toHaveLength(1);
    expect(mine[0].data).toMatchObject({
      template_id: 'local-filing-expiring',
      data: { date2: { value: '2027-05-31' } },
    });
  });
});

describe('未通过 and change', () => {
  it('records a refused submit as 未通过 with its reasons; the same requestId gets the same answer', async () => {
    const ty = await person('fil-rej', 711, TY_RETIRED);
    const event = {
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-kjjz',
      destination: DT,
      startDate: '2026-12-01',
      requestId: 'fil-rej-0001',
    };
    const first = await ty(event);
    expect(first.code).toBe('NOT_ELIGIBLE');
    expect((await ty(event)).message).toBe(first.message);
    const mine = await ty({ action: 'mine' });
    expect(mine.data.filings).toHaveLength(1);
    expect(mine.data.filings[0]).toMatchObject({
      status: '未通过',
      canCancel: false,
      reasons: [{ code: 'NOT_ELIGIBLE' }],
    });
    // A refusal shows why, never a validity.
    expect(mine.data.filings[0].validityText).toBe('');
  });

  it('stores nothing for a malformed request: an impossible date or a type the city does not have', async () => {
    const ty = await person('fil-bad', 713, TY_RETIRED);
    for (const startDate of ['2026-02-30', '2026-13-01', '2027-02-29', '9999-12-31', '1899-01-01']) {
      const res = await ty({
        action: 'submit',
        cityCode: '140100',
        typeCode: '140100-kjfj',
        destination: GZ,
        startDate,
        requestId: `fil-bad-${startDate}`,
      });
      expect([startDate, res.code]).toEqual([startDate, 'VALIDATION_FAILED']);
    }
    const unknown = await ty({
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-nope',
      destination: GZ,
      startDate: '2026-12-01',
      requestId: 'fil-bad-type-1',
    });
    expect(unknown).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    for (const contactPhone of ['13912', '1391234567x', '23912345678', '0351']) {
      const res = await ty({
        action: 'submit',
        cityCode: '140100',
        typeCode: '140100-kjfj',
        destination: GZ,
        startDate: '2026-12-01',
        contactPhone,
        requestId: `fil-bad-p-${contactPhone}`,
      });
      expect([contactPhone, res.code, Object.keys(res.fieldErrors ?? {})]).toEqual([
        contactPhone,
        'VALIDATION_FAILED',
        ['contactPhone'],
      ]);
    }
    expect((await ty({ action: 'mine' })).data.filings).toEqual([]);
  });

  it('changes the 就医地 as a new filing linked to the old one, which ends', async () => {
    const ty = await person('fil-chg', 712, TY_RETIRED);
    const filed = await ty({
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-kjfj',
      destination: GZ,
      startDate: '2026-12-01',
      requestId: 'fil-chg-0001',
    });
    const changed = await ty({
      action: 'change',
      filingId: filed.data.filingId,
      destination: NJ,
      requestId: 'fil-chg-0002',
    });
    expect(changed.data.filing).toMatchObject({
      destination: { name: '南京市' },
      validFrom: '2026-12-01',
      previousFilingId: filed.data.filingId,
      status: '已备案',
    });
    const old = await ty({ action: 'detail', filingId: filed.data.filingId });
    expect(old.data.filing).toMatchObject({ status: '已变更', replacedBy: changed.data.filingId });
    const again = await ty({
      action: 'change',
      filingId: filed.data.filingId,
      destination: GZ,
      requestId: 'fil-chg-0003',
    });
    expect(again.code).toBe('CANNOT_WITHDRAW');
    expect(again.message).toBe('这条备案已变更为新的备案，不能再变更。请在“我的备案”中变更新的那一条。');
    expect(old.data.qr.length).toBeGreaterThanOrEqual(21);
  });
});

describe('变更 of a 备案', () => {
  const YDAZ = { cityCode: '140100', typeCode: '140100-ydaz', startDate: '2026-12-01' };

  it('changes the 就医地, keeps the address, phone and planned return, and each card says what the other is', async () => {
    const ty = await person('fil-c28', 720, TY_RETIRED);
    const filed = await ty({
      action: 'submit',
      ...YDAZ,
      destination: GZ,
      address: '广州市示例路1号',
      contactPhone: '13800001111',
      plannedReturn: '2027-06-30',
      requestId: 'fil-c28-0001',
    });
    expect(filed.ok).toBe(true);
    const oldId = filed.data.filingId;
    // The form's dry run: nothing retyped, the address and phone of the old filing are what will be filed.
    const preview = await ty({ action: 'preview', ...YDAZ, destination: NJ, changeOf: oldId });
    expect(preview.data).toMatchObject({
      allowed: true,
      missing: [],
      address: '广州市示例路…',
      contactPhone: '138****1111',
    });
    // Only whoever made it changes it; to anyone else it does not exist.
    const stranger = await person('fil-c28-x', 721, TY_RETIRED);
    expect(
      (await stranger({ action: 'change', filingId: oldId, destination: NJ, requestId: 'fil-c28-x-01' })).code,
    ).toBe('NOT_FOUND');

    const changed = await ty({ action: 'change', filingId: oldId, destination: NJ, requestId: 'fil-c28-0002' });
    expect(changed).toMatchObject({ ok: true });
    const newId = changed.data.filingId;
    expect(changed.data.filing).toMatchObject({
      destination: { name: '南京市' },
      status: '已备案',
      previousFilingId: oldId,
      plannedReturn: '2027-06-30',
      canChange: true,
      changeNote: '这是变更后的备案，于2026年11月24日替代原备案（就医地广州市，2026年12月1日起）。',
    });
    const old = (await ty({ action: 'detail', filingId: oldId })).data.filing;
    expect(old).toMatchObject({
      status: '已变更',
      replacedBy: newId,
      canCancel: false,
      canChange: false,
      changeNote: '已于2026年11月24日变更为新的备案（就医地南京市，2026年12月1日起），本条不再使用。',
    });
    const cards = (await ty({ action: 'mine' })).data.filings.map((f: any) => [f.filingId, f.status, f.changeNote]);
    expect(cards).toHaveLength(2);
    expect(new Set(cards.map((c: any[]) => c[2])).size).toBe(2);
    // The address went on with the new filing: changing it again still needs nothing retyped.
    const next = await ty({ action: 'preview', ...YDAZ, destination: GZ, changeOf: newId });
    expect(next.data).toMatchObject({ allowed: true, address: '广州市示例路…', contactPhone: '138****1111' });
    // A typed address replaces it.
    const typed = await ty({
      action: 'preview',
      ...YDAZ,
      destination: GZ,
      address: '南京市示例街2号',
      changeOf: newId,
    });
    expect(typed.data).toMatchObject({ allowed: true, address: null });
  });

  it('a double tap or a retry of the same change files one new filing and gives both the same answer', async () => {
    const ty = await person('fil-c2x', 722, TY_RETIRED);
    const filed = await ty(taiyuanFilingEvent('fil-c2x-0001'));
    const change = { action: 'change', filingId: filed.data.filingId, destination: NJ, requestId: 'fil-c2x-0002' };
    const taps = await Promise.all([ty(change), ty(change)]);
    expect(taps.map((t) => [t.ok, t.code])).toEqual([
      [true, undefined],
      [true, undefined],
    ]);
    expect(taps[1].data.filingId).toBe(taps[0].data.filingId);
    // The answer was lost and the page sends it again: the first answer, not "已变更".
    const retry = await ty(change);
    expect(retry).toMatchObject({ ok: true, data: { filingId: taps[0].data.filingId } });
    const statuses = (await ty({ action: 'mine' })).data.filings.map((f: any) => f.status).sort();
    expect(statuses).toEqual(['已备案', '已变更'].sort());
  });

  it('takes a new planned return: the check before submit and the 到期 reminder use it', async () => {
    const ty = await person('fil-c31', 723, TY_RETIRED);
    const filed = await ty({ ...taiyuanFilingEvent('fil-c31-0001'), subscribe: true, plannedReturn: '2027-03-01' });
    const base = { cityCode: '140100', typeCode: '140100-kjfj', destination: GZ, startDate: '2026-12-01' };
    const before = await ty({ action: 'preview', ...base, plannedReturn: '2027-03-01', changeOf: filed.data.filingId });
    expect(before.data.warnings.map((w: any) => w.code)).not.toContain('VALIDITY_ENDS_BEFORE_RETURN');
    // The trip got longer.
    const longer = await ty({ action: 'preview', ...base, plannedReturn: '2027-08-01', changeOf: filed.data.filingId });
    expect(longer.data.allowed).toBe(true);
    expect(longer.data.warnings.find((w: any) => w.code === 'VALIDITY_ENDS_BEFORE_RETURN')).toMatchObject({
      renewFrom: '2027-06-01',
    });
    const changed = await ty({
      action: 'change',
      filingId: filed.data.filingId,
      plannedReturn: '2027-08-01',
      requestId: 'fil-c31-0002',
    });
    expect(changed).toMatchObject({
      ok: true,
      data: { filing: { plannedReturn: '2027-08-01', validUntil: '2027-05-31' } },
    });
    const sent = await cloud.trigger('filing', 'hourly', '2027-05-26T11:00:00+08:00');
    expect(sent.ok).toBe(true);
    const mine = (await cloud.outbox()).filter((m) => m.data.touser === 'fil-c31');
    // One reminder, for the new filing, set against the new return date; the replaced one is never reminded.
    expect(mine).toHaveLength(1);
    expect(mine[0].data).toMatchObject({
      page: `pages/filing-certificate/index?filingId=${changed.data.filingId}`,
      data: { date2: { value: '2027-05-31' }, thing3: { value: '早于预计8月1日回来，请续办' } },
    });
  });

  it('changes a filing made for a family member, for that member, in five round trips', async () => {
    await person('fil-c2m', 724, TY_RETIRED);
    const memberId = await withMember(
      cloud,
      'fil-c2m',
      member(725, 'fil-c2m-member-1', { cityCode: '140100', scheme: 'employee', category: 'retired' }),
    );
    const as = { openid: 'fil-c2m', now: NOW };
    const filed = await cloud.call('filing', { ...taiyuanFilingEvent('fil-c2m-0001'), forMemberId: memberId }, as);
    expect(filed.data.filing).toMatchObject({ forWhom: '父母 李*', memberId });
    const changed = await cloud.traced(
      'filing',
      {
        action: 'change',
        filingId: filed.data.filingId,
        forMemberId: memberId,
        destination: NJ,
        requestId: 'fil-c2m-0002',
      },
      as,
    );
    expect(changed.json).toMatchObject({
      ok: true,
      data: { filing: { forWhom: '父母 李*', destination: { name: '南京市' } } },
    });
    expect(changed.db.roundTrips).toBe(5);
    // Without the member named, it is still changed for the member (one round trip more).
    const again = await cloud.call(
      'filing',
      { action: 'change', filingId: changed.json.data.filingId, destination: GZ, requestId: 'fil-c2m-0003' },
      as,
    );
    expect(again).toMatchObject({
      ok: true,
      data: { filing: { forWhom: '父母 李*', destination: { name: '广州市' } } },
    });
  });
});
