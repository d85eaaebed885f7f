import { checkDigit } from '../../miniprogram/shared/personal';
import { LocalCloud } from '../helpers/localCloud';
import { CONSENT_VERSION, FACTS, profile } from '../helpers/people';

// 窗口核验: those WeChat's face check cannot verify are verified by staff at a window, from a one-time code
// their own phone shows; then every flow opens to them, as after a face check.
jest.setTimeout(120_000);
let cloud: LocalCloud;
const NOW = '2026-11-26T10:00:00+08:00';

beforeAll(async () => {
  cloud = await new LocalCloud().start();
  for (const [openid, cityCode] of [
    ['staff-zs', '442000'],
    ['staff-bj', '110000'],
  ])
    await cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: openid, cityCode } });
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

const as =
  (openid: string) =>
  (fn: string, event: Record<string, unknown>, now = NOW) =>
    cloud.call(fn, event, { openid, now });
const withCheck = (first17: string) => first17 + checkDigit(first17);
/** Test numbers of the two documents WeChat cannot check (made up, with valid check characters). */
const PEOPLE = {
  hkMacaoTaiwan: { idType: 'hkMacaoTaiwanResidence', idNumber: withCheck('81000019900101001'), name: '陈大文' },
  foreign: { idType: 'foreignPermanentResidence', idNumber: withCheck('93315619850202001'), name: '李安娜' },
} as const;

async function insuredInZhongshan(openid: string, who: (typeof PEOPLE)[keyof typeof PEOPLE]) {
  await as(openid)('user', { action: 'consent', version: CONSENT_VERSION });
  const saved = await as(openid)('user', profile(0, { ...FACTS.zhongshanResident, ...who }));
  expect(saved).toMatchObject({ ok: true, data: { profile: { verifiedAt: null, verifiedHow: null } } });
}

async function firstCommunityClinic(): Promise<string> {
  const res = await cloud.call('facility', {
    action: 'search',
    cityCode: '442000',
    type: 'communityStation',
    limit: 1,
  });
  return res.data.items[0].code;
}

describe('窗口核验', () => {
  it.each(Object.entries(PEOPLE))(
    '%s: no face check, a code shown at a 中山 window, confirmed by staff; then a community clinic is selected',
    async (kind, who) => {
      const openid = `window-${kind}`;
      const me = as(openid);
      await insuredInZhongshan(openid, who);
      const face = await me('user', { action: 'startVerification' });
      expect(face).toMatchObject({ ok: false, code: 'FACE_NOT_SUPPORTED' });
      expect(face.message).toMatch(/窗口/);
      const clinic = await firstCommunityClinic();
      const refused = await me('facility', { action: 'select', code: clinic, requestId: `${openid}-select-1` });
      expect(refused.code).toBe('IDENTITY_UNVERIFIED');

      const shown = await me('user', { action: 'startWindowCheck' });
      expect(shown.data).toEqual({
        code: expect.stringMatching(/^\d{8}$/),
        expiresAt: expect.stringMatching(/^2026-11-26T10:10:00(\.\d+)?\+08:00$/),
        qr: expect.arrayContaining([expect.stringMatching(/^[01]{21,}$/)]),
      });
      const staff = as('staff-zs');
      // Typed with a space, as read off the phone.
      const code = `${shown.data.code.slice(0, 4)} ${shown.data.code.slice(4)}`;
      const seen = await staff('user', { action: 'windowCheck', code });
      expect(seen.data).toEqual({
        name: who.name,
        idType: kind === 'foreign' ? '外国人永久居留身份证' : '港澳台居民居住证',
        idNumber: expect.stringMatching(/^\w{3}\*+\w{4}$/),
        cityName: '中山',
        expiresAt: expect.stringMatching(/^2026-11-26T10:10:00(\.\d+)?\+08:00$/),
      });
      expect(seen.data.idNumber).not.toBe(who.idNumber);
      const confirmed = await staff(
        'user',
        { action: 'confirmWindowCheck', code, window: 'A27 号窗口' },
        '2026-11-26T10:05:00+08:00',
      );
      expect(confirmed.data).toEqual({ verifiedHow: '窗口核验（A27 号窗口，2026-11-26）' });
      expect((await me('user', { action: 'me' })).data.profile).toMatchObject({
        verifiedAt: expect.any(String),
        verifiedHow: '窗口核验（A27 号窗口，2026-11-26）',
      });
      const selected = await me('facility', { action: 'select', code: clinic, requestId: `${openid}-select-2` });
      expect(selected).toMatchObject({ ok: true, data: { declaration: { status: '生效' } } });
      // Used once.
      expect((await staff('user', { action: 'confirmWindowCheck', code, window: 'A27 号窗口' })).code).toBe(
        'NOT_FOUND',
      );
    },
  );

  it('only staff, only of the person’s 参保地, only within 10 minutes, and only for the profile the code was made for', async () => {
    const openid = 'window-checks';
    await insuredInZhongshan(openid, { ...PEOPLE.hkMacaoTaiwan, idNumber: withCheck('81000019910303001') });
    const { code } = (await as(openid)('user', { action: 'startWindowCheck' })).data;
    expect((await as('not-staff')('user', { action: 'windowCheck', code })).code).toBe('NOT_STAFF');
    // Another city's window: the same answer as no code at all.
    expect((await as('staff-bj')('user', { action: 'windowCheck', code })).code).toBe('NOT_FOUND');
    expect((await as('staff-bj')('user', { action: 'confirmWindowCheck', code, window: '1 号窗口' })).code).toBe(
      'NOT_FOUND',
    );
    const late = await as('staff-zs')('user', { action: 'windowCheck', code }, '2026-11-26T10:10:01+08:00');
    expect(late.code).toBe('NOT_FOUND');
    expect(late.message).toMatch(/重新生成/);

    // The profile changed after the code was shown: the code no longer verifies anything.
    const fresh = (await as(openid)('user', { action: 'startWindowCheck' })).data.code;
    await as(openid)('user', profile(0, { ...FACTS.zhongshanResident, ...PEOPLE.hkMacaoTaiwan, name: '陈小文' }));
    const changed = await as('staff-zs')('user', { action: 'confirmWindowCheck', code: fresh, window: 'A27 号窗口' });
    expect(changed.code).toBe('VERIFICATION_EXPIRED');
    expect((await as(openid)('user', { action: 'me' })).data.profile.verifiedAt).toBeNull();
  });

  it('refuses bad codes and window names before anything is read', async () => {
    for (const event of [
      { action: 'windowCheck', code: '1234567' },
      { action: 'windowCheck', code: 'abcdefgh' },
      { action: 'confirmWindowCheck', code: '12345678', window: '' },
      { action: 'confirmWindowCheck', code: '12345678', window: 'A27<script>' },
      { action: 'confirmWindowCheck', code: '12345678', window: 'A27', extra: 1 },
    ])
      expect((await as('staff-zs')('user', event)).code).toBe('VALIDATION_FAILED');
  });
});
