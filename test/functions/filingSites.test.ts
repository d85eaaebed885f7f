import { LocalCloud } from '../helpers/localCloud';
import { FACTS, withProfile } from '../helpers/people';
import { expiryNote } from '../../cloudfunctions/filing/reminders';

// Issue 31: where a filing settles directly (跨省联网定点医药机构) and the check before submit.
jest.setTimeout(120_000);
let cloud: LocalCloud;
const NOW = '2026-11-24T10:00:00+08:00';
const GZ = { provinceCode: '440000', cityCode: '440100' };

beforeAll(async () => {
  cloud = await new LocalCloud().start();
  await withProfile(cloud, 'sites-ty', 731, FACTS.taiyuanRetired);
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

const call = (event: Record<string, unknown>) => cloud.call('filing', event, { openid: 'sites-ty', now: NOW });
const preview = (extra: Record<string, unknown>) =>
  call({
    action: 'preview',
    cityCode: '140100',
    typeCode: '140100-kjfj',
    destination: GZ,
    startDate: '2026-12-01',
    ...extra,
  });

describe('connected institutions of a destination', () => {
  it('counts 广州’s sites that settle 住院 for a 住院 filing, labelled as samples', async () => {
    const res = await call({ action: 'sites', destination: GZ, cityCode: '140100', typeCode: '140100-kjfj' });
    expect(res.ok).toBe(true);
    expect(res.data.kinds).toEqual(['inpatient']);
    // The sample list: 10 of its 12 广州 sites settle 住院 (not the 门诊部, not the 康复诊所).
    expect(res.data.total).toBe(10);
    expect(res.data.headline).toBe('广州市 可直接结算住院的医药机构 10 家（示例数据，不是真实名单）');
    expect(res.data.sample).toBe(true);
    expect(
      res.data.items.every((i: any) => i.sample && i.name.startsWith('示例·') && i.code.startsWith('SAMPLE-')),
    ).toBe(true);
    const all = await call({ action: 'sites', destination: GZ });
    expect(all.data.total).toBe(12);
    expect(all.data.headline).toContain('跨省联网定点医药机构 12 家');
    const outpatient = await call({ action: 'sites', destination: GZ, kind: 'outpatient' });
    expect(outpatient.data.total).toBe(11);
  });

  it('finds a named hospital by name, by 拼音 and by code, through the tokens', async () => {
    const byName = await call({ action: 'sites', destination: GZ, keyword: '妇幼' });
    expect(byName.data.items.map((i: any) => i.name)).toEqual(['示例·广州妇幼保健院']);
    expect(byName.data.items[0]).toMatchObject({ settles: ['inpatient'], settlesText: '住院' });
    const bySpelling = await call({ action: 'sites', destination: GZ, keyword: 'fuyou' });
    expect(bySpelling.data.items.map((i: any) => i.name)).toEqual(['示例·广州妇幼保健院']);
    const byCode = await call({ action: 'sites', destination: GZ, keyword: 'SAMPLE-SITE-440100-011' });
    expect(byCode.data.items.map((i: any) => i.name)).toEqual(['示例·广州社区门诊部']);
    // 住院 only: the 门诊部 is not among them.
    const inpatient = await call({ action: 'sites', destination: GZ, kind: 'inpatient', keyword: '门诊部' });
    expect(inpatient.data.total).toBe(0);
    // Another city's sites are never in 广州's answer.
    const nanjing = await call({ action: 'sites', destination: GZ, keyword: '南京' });
    expect(nanjing.data.total).toBe(0);
  });

  it('lists nearest first with distances (geoNear), for the type’s care and with a keyword', async () => {
    // Near the sample list's 第4人民医院 (each sample site is a little further south-east than the one before).
    const near = { latitude: 23.117, longitude: 113.28 };
    const res = await call({ action: 'sites', destination: GZ, cityCode: '140100', typeCode: '140100-kjfj', near });
    expect(res.ok).toBe(true);
    expect(res.data.total).toBe(10);
    const d = res.data.items.map((i: any) => i.distanceMeters);
    expect(d.every((x: unknown) => typeof x === 'number')).toBe(true);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    expect(res.data.items[0]).toMatchObject({ name: '示例·广州第4人民医院', sample: true });
    expect(d[0]).toBeLessThan(100);
    // 住院 only: the 门诊部 and the 诊所 are never among the nearest.
    expect(res.data.items.map((i: any) => i.name)).not.toContain('示例·广州社区门诊部');
    const page2 = await call({ action: 'sites', destination: GZ, kind: 'inpatient', near, offset: 5, limit: 5 });
    expect(page2.data.items.map((i: any) => i.name)).toEqual(res.data.items.slice(5).map((i: any) => i.name));
    const named = await call({ action: 'sites', destination: GZ, keyword: '人民医院', near });
    expect(named.data.items.map((i: any) => i.name).slice(0, 2)).toEqual([
      '示例·广州第4人民医院',
      '示例·广州第3人民医院',
    ]);
    // Without a point: code order, and no distance.
    const plain = await call({ action: 'sites', destination: GZ, keyword: '人民医院' });
    expect(plain.data.items[0]).toMatchObject({ name: '示例·广州第1人民医院', distanceMeters: null });
  });

  it('reads the count and the page in one round trip', async () => {
    const traced = await cloud.traced(
      'filing',
      { action: 'sites', destination: GZ, keyword: '人民医院' },
      { now: NOW },
    );
    expect(traced.json.ok).toBe(true);
    expect(traced.json.data.total).toBe(8);
    expect(traced.db.roundTrips).toBeLessThanOrEqual(1);
    const nearest = await cloud.traced(
      'filing',
      { action: 'sites', destination: GZ, keyword: '人民医院', near: { latitude: 23.117, longitude: 113.28 } },
      { now: NOW },
    );
    expect(nearest.json.data.total).toBe(8);
    expect(nearest.db.roundTrips).toBeLessThanOrEqual(1);
  });

  it('refuses unknown fields and a destination outside its province', async () => {
    expect((await call({ action: 'sites', destination: GZ, extra: 1 })).code).toBe('VALIDATION_FAILED');
    expect((await call({ action: 'sites', destination: { provinceCode: '320000', cityCode: '440100' } })).code).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('the check before submit', () => {
  it('warns when the planned return is after the validity, and offers renewal from the next day', async () => {
    const res = await preview({ plannedReturn: '2027-08-01' });
    expect(res.data.allowed).toBe(true);
    const w = res.data.warnings.find((x: any) => x.code === 'VALIDITY_ENDS_BEFORE_RETURN');
    expect(w.message).toBe(
      '这次备案到2027年5月31日为止，早于您预计回来的2027年8月1日：之后就医不能直接结算，要先全额自付。',
    );
    expect(w.todo).toContain('续办');
    expect(w.todo).toContain('2027年6月1日起接着有效');
    expect(w.todo).toContain('异地长期居住人员备案');
    expect(w.renewFrom).toBe('2027-06-01');
    const inTime = await preview({ plannedReturn: '2027-03-01' });
    expect(inTime.data.warnings.map((x: any) => x.code)).not.toContain('VALIDITY_ENDS_BEFORE_RETURN');
  });

  it('warns when the named hospital is not connected for 住院, and says what to do', async () => {
    const res = await preview({ hospitalCode: 'SAMPLE-SITE-440100-011' });
    expect(res.data.allowed).toBe(true);
    const w = res.data.warnings.find((x: any) => x.code === 'SITE_NOT_CONNECTED');
    expect(w.message).toBe('示例·广州社区门诊部（示例数据）没有开通住院的跨省直接结算（只开通了普通门诊）。');
    expect(w.todo).toContain('先全额自付');
    expect(w.todo).toContain('换一家已开通住院的医院');
    const connected = await preview({ hospitalCode: 'SAMPLE-SITE-440100-010' });
    expect(connected.data.warnings.map((x: any) => x.code)).not.toContain('SITE_NOT_CONNECTED');
    // A hospital of another city, or none of the list, is not connected in 广州.
    const elsewhere = await preview({ hospitalCode: 'SAMPLE-SITE-320100-001' });
    expect(elsewhere.data.warnings.map((x: any) => x.code)).toContain('SITE_NOT_LISTED');
  });

  it('says a 住院 type does not cover outpatient care, and never blocks what the rules allow', async () => {
    const res = await preview({ plannedReturn: '2027-08-01', hospitalCode: 'SAMPLE-SITE-440100-011' });
    expect(res.data.allowed).toBe(true);
    expect(res.data.reasons).toEqual([]);
    expect(res.data.warnings.map((x: any) => x.code)).toEqual([
      'TYPE_INPATIENT_ONLY',
      'VALIDITY_ENDS_BEFORE_RETURN',
      'SITE_NOT_CONNECTED',
    ]);
    for (const w of res.data.warnings) expect(w.todo.length).toBeGreaterThan(5);
  });

  it('keeps the planned return with the filing for the 到期 reminder', async () => {
    const filed = await call({
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-kjfj',
      destination: GZ,
      startDate: '2026-12-01',
      plannedReturn: '2027-08-01',
      requestId: 'sites-ty-submit-1',
    });
    expect(filed.ok).toBe(true);
    expect(expiryNote('2027-05-31', '2027-08-01')).toBe('早于预计8月1日回来，请续办');
    expect(expiryNote('2027-05-31', '2027-03-01')).toBe('预计3月1日回来，早于到期日');
    for (const note of [expiryNote('2027-12-31', '2028-12-31'), expiryNote('2027-05-31', null)])
      expect(note.length).toBeLessThanOrEqual(20);
  });

  it('lists 到院怎么结算 on the certificate, with 太原’s card check said once', async () => {
    // The filing of the test before (the same 太原 retiree, 跨省 to 广州).
    const filed = { data: { filingId: (await call({ action: 'mine' })).data.filings[0].filingId } };
    const detail = await call({ action: 'detail', filingId: filed.data.filingId });
    const steps: string[] = detail.data.atHospital;
    expect(steps[0]).toContain('社会保障卡或医保电子凭证');
    expect(steps[1]).toContain(`已办理异地就医备案（备案编号 ${filed.data.filingId}`);
    expect(steps[1]).toContain('跨省直接结算');
    expect(steps.filter((s) => s.includes('卡环境检测'))).toHaveLength(1);
  });
});

describe('到期提醒, asked for after a successful filing', () => {
  it('offers it to the filer of a temporary filing, turns it on once allowed, and the timer then sends it', async () => {
    const openid = 'remind-ty';
    await withProfile(cloud, openid, 741, FACTS.taiyuanRetired);
    const as = (event: Record<string, unknown>, who = openid) => cloud.call('filing', event, { openid: who, now: NOW });
    const filed = await as({
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-kjfj',
      destination: GZ,
      startDate: '2026-12-01',
      plannedReturn: '2027-08-01',
      requestId: 'remind-ty-submit-1',
    });
    expect(filed.ok).toBe(true);
    const { filingId } = filed.data;
    const detail = await as({ action: 'detail', filingId });
    expect(detail.data.reminder).toMatchObject({ offered: true, on: false, remindOn: '2027-05-24' });
    expect(detail.data.reminder.templateId).toBeTruthy();
    expect(detail.data.reminder.why).toBe(
      '这次备案到2027年5月31日为止，早于您预计回来的2027年8月1日。到期前7天（2027年5月24日），微信会提醒您一次：' +
        '那时还在外地看病的，可以先续办，免得备案过期后看病要先全额自付。',
    );
    // Only the filer: the reminder goes to the account that subscribed.
    expect((await as({ action: 'remind', filingId }, 'sites-ty')).code).toBe('NOT_FOUND');
    expect((await as({ action: 'remind', filingId, extra: 1 })).code).toBe('VALIDATION_FAILED');

    const on = await as({ action: 'remind', filingId });
    expect(on).toMatchObject({ ok: true, data: { reminder: { offered: true, on: true } } });
    expect((await as({ action: 'remind', filingId })).data.reminder.on).toBe(true);
    expect((await as({ action: 'detail', filingId })).data.reminder.on).toBe(true);

    const sent = await cloud.trigger('filing', 'hourly', '2027-05-24T10:00:00+08:00');
    expect(sent.data.remindExpiring.sent).toBeGreaterThanOrEqual(1);
    const mine = (await cloud.outbox()).filter((m) => m.data.touser === openid);
    expect(mine).toHaveLength(1);
    expect(mine[0].data.data.thing3.value).toBe('早于预计8月1日回来，请续办');
  });

  it('is not offered for a long-term filing: it does not expire', async () => {
    const openid = 'remind-long';
    await withProfile(cloud, openid, 742, FACTS.taiyuanRetired);
    const as = (event: Record<string, unknown>) => cloud.call('filing', event, { openid, now: NOW });
    const filed = await as({
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-ydcz',
      destination: GZ,
      startDate: '2026-12-01',
      address: '广州市越秀区示例路1号',
      contactPhone: '13900000742',
      requestId: 'remind-long-submit-1',
    });
    expect(filed.ok).toBe(true);
    const detail = await as({ action: 'detail', filingId: filed.data.filingId });
    expect(detail.data.reminder).toEqual({ offered: false, on: false, templateId: null, remindOn: null, why: '' });
    const refused = await as({ action: 'remind', filingId: filed.data.filingId });
    expect(refused).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(refused.message).toContain('长期备案');
  });
});
