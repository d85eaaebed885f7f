import { LocalCloud } from '../helpers/localCloud';
import { FACTS, member, testId, testMobile, withMember, withProfile } from '../helpers/people';
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
    expect(old.data.filing).toMatchObject({ status: '已撤销', replacedBy: changed.data.filingId });
    expect(
      (await ty({ action: 'change', filingId: filed.data.filingId, destination: GZ, requestId: 'fil-chg-0003' })).code,
    ).toBe('CANNOT_WITHDRAW');
    expect(old.data.qr.length).toBeGreaterThanOrEqual(21);
  });
});
