import { LocalCloud } from '../helpers/localCloud';
import { expectNoPlaintext } from '../helpers/plaintextScan';
import { CONSENT_VERSION, member, profile, testId, testMobile, verifyFace } from '../helpers/people';

jest.setTimeout(60_000);
let cloud: LocalCloud;
const CONSENT = { action: 'consent', version: CONSENT_VERSION };
const as = (openid: string) => (event: unknown) => cloud.call('user', event, { openid });
/** Every ID and mobile number these tests send: none may be found at rest or in any response. */
const sentIds = new Set<string>();
const sentMobiles = new Set<string>();
const track = <T extends { idNumber?: string; mobile?: string }>(event: T): T => {
  if (event.idNumber) sentIds.add(event.idNumber);
  if (event.mobile) sentMobiles.add(event.mobile);
  return event;
};

beforeAll(async () => {
  cloud = await new LocalCloud().start();
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

describe('consent comes first', () => {
  it('refuses an ID number before consent, and accepts it after', async () => {
    const alice = as('alice');
    const me = await alice({ action: 'me' });
    expect(me.data).toMatchObject({ profile: null, consent: { given: null, upToDate: false } });
    expect(me.data.consent.current.retention).toMatch(/删除/);
    expect(await alice(track(profile(1)))).toMatchObject({ ok: false, code: 'CONSENT_REQUIRED' });
    expect(await alice({ action: 'consent', version: '2020-01-01' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    const given = await alice(CONSENT);
    expect(given.data.version).toBe(CONSENT_VERSION);
    const saved = await alice(track(profile(1)));
    expect(saved.data.profile).toMatchObject({
      name: '张*丰',
      idNumber: `110***********${testId(1).slice(-4)}`,
      mobile: `139****${testMobile(1).slice(-4)}`,
      cityName: '太原',
      categoryLabel: '退休人员',
      verifiedAt: null,
    });
    expect(await verifyFace(cloud, 'alice')).toMatchObject({
      ok: true,
      data: { verified: true, profile: { verifiedAt: expect.any(String) } },
    });
    expect((await alice({ action: 'me' })).data.consent).toMatchObject({
      upToDate: true,
      given: { version: CONSENT_VERSION },
    });
  });
});

describe('profile', () => {
  it('validates on the server, field by field, and changes nothing when refused', async () => {
    const bob = as('bob');
    await bob(CONSENT);
    const bad = await bob(
      track(profile(2, { idNumber: '11010519990230001X', mobile: '1380013800', scheme: 'resident', name: '' })),
    );
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['category', 'idNumber', 'mobile', 'name']);
    expect(bad.fieldErrors.idNumber[0]).toMatch(/出生日期|校验位/);
    expect((await bob({ action: 'me' })).data.profile).toBeNull();
  });

  it('needs the ID and mobile the first time, keeps them when later edits leave them out', async () => {
    const carol = as('carol');
    await carol(CONSENT);
    const { idNumber, mobile, ...rest } = profile(3);
    const first = await carol(rest);
    expect(first.fieldErrors).toEqual({ idNumber: ['首次填写需要证件号码'] });
    await carol(track(profile(3)));
    const edited = await carol({ ...rest, cityCode: '131000', category: 'flexible' });
    expect(edited.data.profile).toMatchObject({
      cityName: '廊坊',
      category: 'flexible',
      idNumber: `110***********${testId(3).slice(-4)}`,
    });
    expect(edited.data.profile.mobile).toBe(`139****${mobile.slice(-4)}`);
    expect(idNumber).toBe(testId(3));
  });

  it('saves an ID number unverified: it binds to no account and allows nothing until its owner passes 人脸核身', async () => {
    const dave = as('dave');
    await dave(CONSENT);
    const res = await dave(track(profile(1)));
    expect(res).toMatchObject({ ok: true, data: { profile: { verifiedAt: null } } });
    expect(await dave({ action: 'subject' })).toMatchObject({ ok: false, code: 'IDENTITY_UNVERIFIED' });
    await cloud.setFaceOutcome('dave', 'fail');
    expect(await verifyFace(cloud, 'dave')).toMatchObject({ ok: false, code: 'FACE_NOT_PASSED' });
    expect((await dave({ action: 'me' })).data.profile.verifiedAt).toBeNull();
  });

  it('accepts the lower-case x and stores the upper-case form; the same number verified elsewhere is refused', async () => {
    const index = Array.from({ length: 200 }, (_, i) => i + 50).find((i) => testId(i).endsWith('X'))!;
    const erin = as('erin');
    await erin(CONSENT);
    const res = await erin(track(profile(index, { idNumber: testId(index).toLowerCase() })));
    expect(res.ok).toBe(true);
    expect(res.data.profile.idNumber.endsWith('X')).toBe(true);
    expect((await verifyFace(cloud, 'erin')).ok).toBe(true);
    // The upper-case form is the same number, verified by erin: a second account of the same person is refused.
    const ivy = as('ivy');
    await ivy(CONSENT);
    expect((await ivy(track(profile(index)))).ok).toBe(true);
    expect(await verifyFace(cloud, 'ivy')).toMatchObject({ ok: false, code: 'ID_ALREADY_BOUND' });
    expect((await ivy({ action: 'me' })).data.profile.verifiedAt).toBeNull();
  });

  it('refuses a city the product does not serve', async () => {
    const res = await as('alice')(profile(1, { cityCode: '310000', idNumber: undefined }));
    expect(res.fieldErrors.cityCode[0]).toMatch(/暂不支持/);
  });
});

describe('family members', () => {
  it('adds, lists and removes; a retried add returns the first result', async () => {
    const alice = as('alice');
    const first = await alice(track(member(11, 'req-alice-0001')));
    expect(first.data.member).toMatchObject({ name: '李*', relationship: '父母', cityName: '廊坊' });
    const retry = await alice(member(11, 'req-alice-0001'));
    expect(retry.data.member.id).toBe(first.data.member.id);
    expect(await alice(member(11, 'req-alice-0002'))).toMatchObject({ ok: false, code: 'ALREADY_A_MEMBER' });
    const list = await alice({ action: 'members' });
    expect(list.data.members.map((m: { id: string }) => m.id)).toEqual([first.data.member.id]);
    const removed = await alice({ action: 'removeMember', memberId: first.data.member.id });
    expect(removed.ok).toBe(true);
    expect((await alice({ action: 'members' })).data.members).toEqual([]);
  });

  it('adds each member once under concurrent retries', async () => {
    const frank = as('frank');
    await frank(CONSENT);
    await frank(track(profile(5)));
    await verifyFace(cloud, 'frank');
    const results = await Promise.all(Array.from({ length: 6 }, () => frank(track(member(12, 'req-frank-0001')))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => r.data.member.id)).size).toBe(1);
    expect((await frank({ action: 'members' })).data.members).toHaveLength(1);
  });

  it('stops at the member limit, saying what to do', async () => {
    const gina = as('gina');
    await gina(CONSENT);
    await gina(track(profile(6)));
    await verifyFace(cloud, 'gina');
    for (let i = 0; i < 10; i += 1) expect((await gina(track(member(20 + i, `req-gina-${1000 + i}`)))).ok).toBe(true);
    const over = await gina(track(member(40, 'req-gina-9999')));
    expect(over).toMatchObject({ ok: false, code: 'MEMBER_LIMIT' });
    expect(over.message).toMatch(/删除/);
  });

  it('refuses acting for someone who is not your family member', async () => {
    const alice = as('alice');
    const hers = await alice(track(member(13, 'req-alice-0003')));
    const bob = as('bob');
    expect(await bob({ action: 'subject', memberId: hers.data.member.id })).toMatchObject({
      ok: false,
      code: 'PROFILE_REQUIRED',
    });
    await bob(track(profile(7)));
    await verifyFace(cloud, 'bob');
    expect(await bob({ action: 'subject', memberId: hers.data.member.id })).toMatchObject({
      ok: false,
      code: 'NOT_YOUR_MEMBER',
    });
    expect(await bob({ action: 'removeMember', memberId: hers.data.member.id })).toMatchObject({
      ok: false,
      code: 'NOT_YOUR_MEMBER',
    });
    expect((await alice({ action: 'members' })).data.members).toHaveLength(1);
    // Added, but not yet authorized by the member: nothing can be done in their name.
    expect(await alice({ action: 'subject', memberId: hers.data.member.id })).toMatchObject({
      ok: false,
      code: 'MEMBER_NOT_AUTHORIZED',
    });
    expect(await verifyFace(cloud, 'alice', hers.data.member.id)).toMatchObject({
      ok: true,
      data: { member: { authorizedBy: 'face' } },
    });
    const own = await alice({ action: 'subject', memberId: hers.data.member.id });
    expect(own.data).toMatchObject({
      self: false,
      memberId: hers.data.member.id,
      person: { name: '李*', cityCode: '131000' },
    });
    expect((await alice({ action: 'subject' })).data).toMatchObject({ self: true, person: { cityCode: '140100' } });
  });

  it('deletes a profile with its members and frees the ID number for a new verified account', async () => {
    const erin = as('erin');
    await erin(track(member(14, 'req-erin-0001')));
    expect((await erin({ action: 'deleteProfile', confirm: true })).ok).toBe(true);
    expect((await erin({ action: 'me' })).data).toMatchObject({ profile: null, consent: { given: null } });
    const index = Array.from({ length: 200 }, (_, i) => i + 50).find((i) => testId(i).endsWith('X'))!;
    const hank = as('hank');
    await hank(CONSENT);
    expect((await hank(track(profile(index)))).ok).toBe(true);
    expect(await verifyFace(cloud, 'hank')).toMatchObject({ ok: true });
  });
});

describe('identity comes from the platform only', () => {
  it.each(['user', 'catalog', 'facility', 'filing', 'rating'])(
    '%s refuses every identity field in the event and changes nothing',
    async (fn) => {
      const before = await as('alice')({ action: 'me' });
      const events: Record<string, object> = {
        user: profile(1, { name: '冒名', idNumber: undefined }),
        catalog: { action: 'cities' },
        facility: { action: 'select', code: 'SAMPLE-442000-0315', requestId: 'forged-0001' },
        filing: { action: 'mine' },
        rating: { action: 'mine' },
      };
      for (const field of ['openid', '_openid', 'OPENID', 'unionid', 'userInfo']) {
        const event = { ...events[fn], [field]: 'bob' };
        const res = await cloud.call(fn, event, { openid: 'alice' });
        expect(res).toMatchObject({ ok: false, code: 'FORGED_IDENTITY' });
      }
      expect(await as('alice')({ action: 'me' })).toEqual(before);
      expect((await cloud.call('facility', { action: 'declarations' }, { openid: 'alice' })).data.total).toBe(0);
    },
  );

  it('refuses calls without a WeChat caller', async () => {
    expect(await cloud.call('user', { action: 'me' }, {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });
});

describe('personal data at rest and in transit', () => {
  it('finds no plaintext ID or mobile number in the database files or in any response', async () => {
    expect(sentIds.size).toBeGreaterThan(10);
    expectNoPlaintext(cloud, [...sentIds, ...sentMobiles]);
  });

  it('audits every write of personal data, without the values', async () => {
    const res = await cloud.call('probe', { action: 'list', collection: 'audit', where: { actor: 'alice' } });
    const actions = res.data.map((a: { action: string }) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'consent.give',
        'profile.write',
        'member.add',
        'member.remove',
        'identity.verifyStart',
        'identity.verify',
        'personal.read',
      ]),
    );
    const text = JSON.stringify(res.data);
    for (const value of sentIds) expect(text.includes(value)).toBe(false);
  });
});
