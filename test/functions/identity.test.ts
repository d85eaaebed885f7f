import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkDigit } from '../../miniprogram/shared/personal';
import { LocalCloud } from '../helpers/localCloud';
import {
  CONSENT_VERSION,
  FACTS,
  approveGuardian,
  declareChild,
  taiyuanFilingEvent,
  member,
  profile,
  testId,
  testMobile,
  verifyFace,
  withMember,
  withProfile,
} from '../helpers/people';

jest.setTimeout(120_000);
let cloud: LocalCloud;
const NOW = '2026-11-24T10:00:00+08:00';
const GZ = { provinceCode: '440000', cityCode: '440100' };
const as =
  (openid: string) =>
  (fn: string, event: Record<string, unknown>, now = NOW) =>
    cloud.call(fn, event, { openid, now });
const start = (openid: string, now = NOW, memberId?: string) =>
  cloud.call('user', { action: 'startVerification', ...(memberId ? { memberId } : {}) }, { openid, now });
const confirm = (openid: string, verifyId: string, now = NOW) =>
  cloud.call('user', { action: 'confirmVerification', verifyId }, { openid, now });

/** Consented and saved a profile (not verified). */
async function unverified(openid: string, index: number, extra: Record<string, unknown> = {}) {
  await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid });
  const saved = await cloud.call('user', profile(index, { ...FACTS.taiyuanRetired, ...extra }), { openid });
  expect(saved).toMatchObject({ ok: true, data: { profile: { verifiedAt: null } } });
}

beforeAll(async () => {
  cloud = await new LocalCloud().start();
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

describe('人脸核身 outcomes', () => {
  it('passes: the account is verified and the ID bound to it', async () => {
    await unverified('face-pass', 1201);
    const session = await start('face-pass');
    expect(session.data).toMatchObject({
      verifyId: expect.any(String),
      forWhom: '本人',
      expiresAt: expect.stringMatching(/^2026-11-24T11:00:00(\.\d+)?\+08:00$/),
    });
    expect(await cloud.faceCheck('face-pass', session.data.verifyId, NOW)).toEqual({
      errCode: 0,
      errMsg: 'requestFacialVerify:ok',
    });
    const done = await confirm('face-pass', session.data.verifyId);
    expect(done).toMatchObject({ ok: true, data: { verified: true, profile: { verifiedAt: expect.any(String) } } });
    expect((await as('face-pass')('user', { action: 'subject' })).data).toMatchObject({ self: true });
  });

  it.each([
    ['fail', /没有采集到清晰的人脸/],
    ['cancel', /取消/],
    ['camera', /相机/],
    ['timeout', /超时/],
    [90199, /多次不通过.*窗口/],
  ])('%s: refused with what it means and what to do next; still unverified', async (outcome, meaning) => {
    const openid = `face-${outcome}`;
    await unverified(openid, 1210 + ['fail', 'cancel', 'camera', 'timeout', 90199].indexOf(outcome));
    await cloud.setFaceOutcome(openid, outcome);
    const res = await verifyFace(cloud, openid);
    expect(res).toMatchObject({ ok: false, code: 'FACE_NOT_PASSED' });
    expect(res.message).toMatch(meaning);
    expect((await as(openid)('user', { action: 'me' })).data.profile.verifiedAt).toBeNull();
    expect((await as(openid)('facility', { action: 'mine' })).code).toBe('IDENTITY_UNVERIFIED');
    // The next attempt is a new session and can pass.
    expect((await verifyFace(cloud, openid)).ok).toBe(true);
  });

  it('a session is used once: confirming it again is refused', async () => {
    await unverified('face-reuse', 1220);
    const session = await start('face-reuse');
    await cloud.faceCheck('face-reuse', session.data.verifyId, NOW);
    expect((await confirm('face-reuse', session.data.verifyId)).ok).toBe(true);
    expect(await confirm('face-reuse', session.data.verifyId)).toMatchObject({ ok: false, code: 'VERIFICATION_USED' });
    expect((await cloud.faceCheck('face-reuse', session.data.verifyId, NOW)).errCode).not.toBe(0);
  });

  it('at most 5 face sessions a day per ID number, whoever asks, however many at once; the next day again', async () => {
    // Four accounts typed the same person's name + ID (unverified: typing binds nothing) and ask 20 times at once.
    const accounts = ['throttle-a', 'throttle-b', 'throttle-c', 'throttle-d'];
    for (const openid of accounts) await unverified(openid, 1240);
    /** Asks `n` at once, then one at a time until refused: how many were granted in all (never over the limit). */
    const grantedOf = async (ask: (i: number) => Promise<any>, n: number) => {
      const atOnce = await Promise.all(Array.from({ length: n }, (_, i) => ask(i)));
      // Under contention a few may lose their transaction (CONFLICT: try again), none may pass the limit.
      expect(atOnce.every((r) => r.ok || ['RATE_LIMITED', 'CONFLICT'].includes(r.code))).toBe(true);
      let granted = atOnce.filter((r) => r.ok).length;
      expect(granted).toBeLessThanOrEqual(5);
      for (let i = 0; ; i += 1) {
        const again = await ask(i);
        if (!again.ok) {
          expect(again.code).toBe('RATE_LIMITED');
          expect(again.message).toMatch(/明天再试.*医保窗口核验/);
          return granted;
        }
        granted += 1;
      }
    };
    expect(await grantedOf((i) => start(accounts[i % 4]), 20)).toBe(5);
    // One account asking 8 times at once for its own number: 5 sessions in all.
    await unverified('throttle-e', 1241);
    expect(await grantedOf(() => start('throttle-e'), 8)).toBe(5);
    // The Beijing day decides: from 00:00 the next day it can start again.
    expect((await start('throttle-e', '2026-11-24T23:59:00+08:00')).code).toBe('RATE_LIMITED');
    expect((await start('throttle-e', '2026-11-25T00:00:00+08:00')).ok).toBe(true);
  });

  it('a failed session is used too: confirming it again does not turn it into a pass', async () => {
    await unverified('face-reuse-fail', 1221);
    await cloud.setFaceOutcome('face-reuse-fail', 'fail');
    const session = await start('face-reuse-fail');
    await cloud.faceCheck('face-reuse-fail', session.data.verifyId, NOW);
    expect((await confirm('face-reuse-fail', session.data.verifyId)).code).toBe('FACE_NOT_PASSED');
    expect((await confirm('face-reuse-fail', session.data.verifyId)).code).toBe('VERIFICATION_USED');
  });

  it('expires after an hour, on WeChat’s side and on ours', async () => {
    await unverified('face-late', 1222);
    const session = await start('face-late');
    const late = '2026-11-24T11:00:01+08:00';
    expect((await cloud.faceCheck('face-late', session.data.verifyId, late)).errCode).toBe(84002);
    expect(await confirm('face-late', session.data.verifyId, late)).toMatchObject({
      ok: false,
      code: 'VERIFICATION_EXPIRED',
    });
    // Checked in time but confirmed too late: still expired.
    const second = await start('face-late');
    await cloud.faceCheck('face-late', second.data.verifyId, NOW);
    expect((await confirm('face-late', second.data.verifyId, late)).code).toBe('VERIFICATION_EXPIRED');
    expect((await as('face-late')('user', { action: 'me' })).data.profile.verifiedAt).toBeNull();
  });

  it('belongs to the account that started it: another account can neither check nor confirm it', async () => {
    await unverified('face-owner', 1223);
    await unverified('face-thief', 1224);
    const session = await start('face-owner');
    expect((await cloud.faceCheck('face-thief', session.data.verifyId, NOW)).errCode).toBe(84001);
    await cloud.faceCheck('face-owner', session.data.verifyId, NOW);
    expect(await confirm('face-thief', session.data.verifyId)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await as('face-thief')('user', { action: 'me' })).data.profile.verifiedAt).toBeNull();
    // Unused by the thief's attempt: the owner confirms it.
    expect((await confirm('face-owner', session.data.verifyId)).ok).toBe(true);
  });

  it('closes a session WeChat answers 84001 (invalid identify id) for, and a new one works', async () => {
    await unverified('face-early', 1225);
    const session = await start('face-early');
    // Confirmed before any face check: WeChat knows no result for it (84001), so it cannot be confirmed later.
    expect(await confirm('face-early', session.data.verifyId)).toMatchObject({
      ok: false,
      code: 'VERIFICATION_EXPIRED',
      message: expect.stringContaining('重新开始'),
    });
    await cloud.faceCheck('face-early', session.data.verifyId, NOW);
    expect(await confirm('face-early', session.data.verifyId)).toMatchObject({
      ok: false,
      code: 'VERIFICATION_EXPIRED',
    });
    const again = await start('face-early');
    await cloud.faceCheck('face-early', again.data.verifyId, NOW);
    expect((await confirm('face-early', again.data.verifyId)).ok).toBe(true);
  });

  it('does not carry over to a changed name or ID: a new verification is needed', async () => {
    await withProfile(cloud, 'face-change', 1226, FACTS.taiyuanRetired);
    const renamed = await cloud.call(
      'user',
      { ...profile(1226, FACTS.taiyuanRetired), name: '张三', idNumber: undefined, mobile: undefined },
      { openid: 'face-change' },
    );
    expect(renamed.data.profile.verifiedAt).toBeNull();
    expect((await as('face-change')('facility', { action: 'mine' })).code).toBe('IDENTITY_UNVERIFIED');
    const moved = await cloud.call(
      'user',
      {
        ...profile(1226, FACTS.taiyuanRetired),
        name: '张三',
        idNumber: undefined,
        mobile: undefined,
        cityCode: '131000',
        category: 'employed',
      },
      { openid: 'face-change' },
    );
    expect(moved.data.profile.verifiedAt).toBeNull();
    expect((await verifyFace(cloud, 'face-change')).ok).toBe(true);
    // Changing facts other than name and ID keeps it.
    const kept = await cloud.call(
      'user',
      { ...profile(1226, FACTS.taiyuanRetired), name: '张三', idNumber: undefined, mobile: testMobile(9) },
      { openid: 'face-change' },
    );
    expect(kept.data.profile.verifiedAt).not.toBeNull();
  });

  it('is for 居民身份证: other documents are sent to the window, without a session', async () => {
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'face-hk' });
    const hk = '810000199001011234';
    const first17 = hk.slice(0, 17);
    const saved = await cloud.call(
      'user',
      profile(0, {
        ...FACTS.taiyuanRetired,
        idType: 'hkMacaoTaiwanResidence',
        idNumber: first17 + checkDigit(first17),
      }),
      { openid: 'face-hk' },
    );
    expect(saved.ok).toBe(true);
    const res = await start('face-hk');
    expect(res).toMatchObject({ ok: false, code: 'FACE_NOT_SUPPORTED' });
    expect(res.message).toContain('窗口');
  });

  it('acts on nothing while the person has agreed only to an older text of the notice', async () => {
    await withProfile(cloud, 'old-consent', 561, FACTS.taiyuanRetired);
    expect((await as('old-consent')('filing', { action: 'mine' })).ok).toBe(true);
    const aged = await cloud.call('probe', {
      action: 'update',
      collection: 'users',
      id: 'old-consent',
      data: { 'consent.version': '2026-01-01' },
    });
    expect(aged).toMatchObject({ ok: true, updated: 1 });
    const refused = await as('old-consent')('filing', { action: 'mine' });
    expect(refused).toMatchObject({ ok: false, code: 'CONSENT_REQUIRED' });
    expect(refused.message).toContain('已更新');
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'old-consent' });
    expect((await as('old-consent')('filing', { action: 'mine' })).ok).toBe(true);
  });

  it('audits every attempt, passed or not, without personal values', async () => {
    const res = await cloud.call('probe', {
      action: 'list',
      collection: 'audit',
      where: { action: 'identity.verify' },
    });
    const outcomes = res.data.map((a: { outcome: string }) => a.outcome);
    expect(outcomes).toEqual(expect.arrayContaining(['10000', '90011', '90002', '90008', '90017', '90199']));
    const text = JSON.stringify(res.data);
    for (let i = 1200; i < 1230; i += 1) expect(text).not.toContain(testId(i));
    expect(text).not.toContain('张三丰');
  });

  it('fetches one access token for all of it and never lets the app secret out', async () => {
    const outbox = await cloud.outbox();
    // Cached per function instance (stable_token gives every instance the same token while it is valid).
    const tokens = outbox.filter((m) => m.api === 'https:/cgi-bin/stable_token').length;
    const sessions = outbox.filter((m) => m.api === 'https:/cityservice/face/identify/getverifyid').length;
    expect(sessions).toBeGreaterThan(10);
    expect(tokens).toBeGreaterThanOrEqual(1);
    expect(tokens).toBeLessThan(sessions / 4);
    const secret = readFileSync(join(cloud.dataDir, 'dev-wechat-secret'), 'utf8').trim();
    expect(secret.length).toBeGreaterThan(20);
    expect(cloud.responses.join('\n')).not.toContain(secret);
    expect(JSON.stringify(outbox)).not.toContain(secret);
    expect(cloud.output).not.toContain(secret);
    const db = Buffer.concat(
      readdirSync(join(cloud.dataDir, 'db')).map((f) => readFileSync(join(cloud.dataDir, 'db', f))),
    );
    expect(db.includes(Buffer.from(secret))).toBe(false);
  });
});

describe('a stranger who knows someone’s ID number, name and mobile', () => {
  const VICTIM = 1301;
  let victimFiling = '';
  let victimDeclaration = '';

  beforeAll(async () => {
    await withProfile(cloud, 'victim', VICTIM, FACTS.zhongshanResident);
    const code = (
      await cloud.call('facility', { action: 'search', cityCode: '442000', type: 'communityStation', limit: 1 })
    ).data.items[0].code;
    const chosen = await as('victim')('facility', { action: 'select', code, requestId: 'victim-select-1' });
    expect(chosen.ok).toBe(true);
    victimDeclaration = chosen.data.declaration.id;
    await withProfile(cloud, 'victim-ty', 1302, FACTS.taiyuanRetired);
    const filed = await as('victim-ty')('filing', {
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-kjfj',
      destination: GZ,
      startDate: '2026-12-01',
      requestId: 'victim-filing-1',
    });
    expect(filed.ok).toBe(true);
    victimFiling = filed.data.filingId;
    expect(
      (
        await as('victim-ty')('rating', {
          action: 'submit',
          serviceRef: { kind: 'filing', id: victimFiling },
          channel: 'online',
          level: 5,
          reasons: ['等待时间长'],
          requestId: 'victim-rate-1',
        })
      ).ok,
    ).toBe(true);
  });

  it('saves them in their own profile, but cannot pass the face check, see or do anything', async () => {
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'stranger' });
    const saved = await cloud.call('user', profile(VICTIM, FACTS.zhongshanResident), { openid: 'stranger' });
    expect(saved.ok).toBe(true);
    await cloud.setFaceOutcome('stranger', 'fail'); // not the person's face
    expect((await verifyFace(cloud, 'stranger')).code).toBe('FACE_NOT_PASSED');
    const s = as('stranger');
    const code = (
      await cloud.call('facility', {
        action: 'search',
        cityCode: '442000',
        type: 'communityStation',
        offset: 5,
        limit: 1,
      })
    ).data.items[0].code;
    for (const [fn, event] of [
      ['facility', { action: 'mine' }],
      ['facility', { action: 'declarations' }],
      ['facility', { action: 'preview', op: 'change', code, slot: 1 }],
      ['facility', { action: 'change', code, slot: 1, requestId: 'stranger-change-1' }],
      ['facility', { action: 'withdraw', declarationId: victimDeclaration, requestId: 'stranger-wd-1' }],
      ['filing', { action: 'mine' }],
      ['filing', { action: 'detail', filingId: victimFiling }],
      ['filing', { action: 'cancel', filingId: victimFiling, requestId: 'stranger-cancel-1' }],
      [
        'filing',
        {
          action: 'submit',
          cityCode: '442000',
          typeCode: 'x',
          destination: GZ,
          startDate: '2026-12-01',
          requestId: 'stranger-file-1',
        },
      ],
      ['rating', { action: 'mine' }],
      [
        'rating',
        {
          action: 'submit',
          serviceRef: { kind: 'filing', id: victimFiling },
          channel: 'online',
          level: 1,
          requestId: 'stranger-rate-1',
        },
      ],
      ['user', { action: 'subject' }],
      ['user', { action: 'agents' }],
      ['user', member(1303, 'stranger-member-1')],
    ] as const) {
      const res = await s(fn, event as Record<string, unknown>);
      expect([fn, event.action, res.ok]).toEqual([fn, event.action, false]);
      expect([fn, event.action, ['IDENTITY_UNVERIFIED', 'NOT_FOUND', 'VALIDATION_FAILED']]).toEqual([
        fn,
        event.action,
        expect.arrayContaining([res.code]),
      ]);
      expect(JSON.stringify(res)).not.toMatch(/等待时间长|非常不满意|不满意/);
    }
    // The victim's own account is untouched: their clinic, their month, their filings.
    const mine = await as('victim')('facility', { action: 'mine' });
    expect(mine.data.kinds[0].slots[0].current ?? mine.data.kinds[0].slots[0].pending).toBeTruthy();
    expect((await as('victim')('facility', { action: 'declarations' })).data.total).toBe(1);
  });

  it('is released when the real person verifies, and the account that held it is told', async () => {
    await unverified('holder', 1304);
    await unverified('owner', 1304);
    expect((await verifyFace(cloud, 'owner')).ok).toBe(true);
    const holder = (await as('holder')('user', { action: 'me' })).data;
    expect(holder.profile).toBeNull();
    expect(holder.notices).toEqual([
      expect.objectContaining({ kind: 'idReleased', message: expect.stringContaining('证件本人完成实人认证') }),
    ]);
    const released = await cloud.call('probe', {
      action: 'list',
      collection: 'audit',
      where: { action: 'identity.release' },
    });
    expect(released.data).toHaveLength(1);
    // Filling in their own details again clears the notice.
    await cloud.call('user', profile(1305, FACTS.taiyuanRetired), { openid: 'holder' });
    expect((await as('holder')('user', { action: 'me' })).data.notices).toEqual([]);
  });

  it('a verified stranger can add them as a “family member” but never act for them', async () => {
    await withProfile(cloud, 'stranger-v', 1306, FACTS.zhongshanResident);
    const s = as('stranger-v');
    const added = await s(
      'user',
      member(VICTIM, 'stranger-v-member-1', { ...FACTS.zhongshanResident, relationship: '其他亲属', name: '随便写' }),
    );
    expect(added).toMatchObject({ ok: true, data: { member: { authorizedBy: null } } });
    const memberId = added.data.member.id;
    const code = (
      await cloud.call('facility', {
        action: 'search',
        cityCode: '442000',
        type: 'communityStation',
        offset: 7,
        limit: 1,
      })
    ).data.items[0].code;
    for (const event of [
      { action: 'mine', memberId },
      { action: 'preview', op: 'change', code, slot: 1, memberId },
      { action: 'change', code, slot: 1, memberId, requestId: 'stranger-v-change-1' },
    ]) {
      expect((await s('facility', event)).code).toBe('MEMBER_NOT_AUTHORIZED');
    }
    expect(
      (
        await s('filing', {
          action: 'submit',
          cityCode: '442000',
          typeCode: 'x',
          destination: GZ,
          startDate: '2026-12-01',
          forMemberId: memberId,
          requestId: 'stranger-v-file',
        })
      ).code,
    ).toMatch(/MEMBER_NOT_AUTHORIZED|VALIDATION_FAILED/);
    // The face on the phone is the stranger's, not the person's: no authorization.
    await cloud.setFaceOutcome('stranger-v', 'fail');
    expect((await verifyFace(cloud, 'stranger-v', memberId)).code).toBe('FACE_NOT_PASSED');
    expect((await s('facility', { action: 'mine', memberId })).code).toBe('MEMBER_NOT_AUTHORIZED');
    // An invitation only the person's own account could accept; the stranger cannot accept it themselves.
    const invited = await s('user', { action: 'inviteMember', memberId });
    expect((await s('user', { action: 'acceptInvitation', code: invited.data.member.invitation.code })).code).toBe(
      'NOT_FOUND',
    );
    // The person sees nobody may act for them.
    expect((await as('victim')('user', { action: 'agents' })).data.agents).toEqual([]);
    expect((await as('victim')('facility', { action: 'declarations' })).data.total).toBe(1);
  });
});

describe('family: authorized by the member, visible to the member, undoable by the member', () => {
  it('face on the same phone: what is done shows in the member’s own account, who can withdraw it', async () => {
    await withProfile(cloud, 'child', 1401, FACTS.zhongshanResident);
    const parentId = await withMember(
      cloud,
      'child',
      member(1402, 'child-member-1', { ...FACTS.zhongshanResident, relationship: '父母' }),
    );
    const code = (
      await cloud.call('facility', {
        action: 'search',
        cityCode: '442000',
        type: 'communityStation',
        offset: 3,
        limit: 1,
      })
    ).data.items[0].code;
    const chosen = await as('child')('facility', {
      action: 'select',
      code,
      memberId: parentId,
      requestId: 'child-select-1',
    });
    expect(chosen.data.declaration.forWhom).toBe('父母 李*');
    // The parent opens the mini-program with their own WeChat and verifies.
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'parent' });
    await cloud.call(
      'user',
      {
        ...member(1402, 'x'),
        action: 'updateProfile',
        relationship: undefined,
        requestId: undefined,
        mobile: testMobile(1402),
        ...FACTS.zhongshanResident,
      },
      { openid: 'parent' },
    );
    expect((await verifyFace(cloud, 'parent')).ok).toBe(true);
    const theirs = await as('parent')('facility', { action: 'declarations' });
    expect(theirs.data.items).toEqual([
      expect.objectContaining({ id: chosen.data.declaration.id, forWhom: '由子女 张*丰 代办' }),
    ]);
    expect((await as('parent')('facility', { action: 'mine' })).data.kinds[0].slots[0].current.code).toBe(code);
    const agents = await as('parent')('user', { action: 'agents' });
    expect(agents.data.agents).toEqual([
      expect.objectContaining({ id: parentId, relationship: '子女', agentName: '张*丰', authorizedBy: 'face' }),
    ]);
    // They revoke: the child can no longer act for them.
    expect((await as('parent')('user', { action: 'revokeAgent', memberId: parentId })).ok).toBe(true);
    expect((await as('child')('facility', { action: 'mine', memberId: parentId })).code).toBe('MEMBER_NOT_AUTHORIZED');
    expect((await as('parent')('user', { action: 'agents' })).data.agents).toEqual([]);
  });

  it('a filing made for a member is theirs to see and cancel', async () => {
    await withProfile(cloud, 'son-ty', 1411, FACTS.taiyuanRetired);
    const mumId = await withMember(
      cloud,
      'son-ty',
      member(1412, 'son-ty-m', { ...FACTS.taiyuanRetired, relationship: '父母' }),
    );
    const filed = await as('son-ty')('filing', {
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-kjfj',
      destination: GZ,
      startDate: '2026-12-01',
      forMemberId: mumId,
      requestId: 'son-ty-file-1',
    });
    expect(filed.ok).toBe(true);
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'mum-ty' });
    await cloud.call(
      'user',
      {
        ...member(1412, 'x'),
        action: 'updateProfile',
        relationship: undefined,
        requestId: undefined,
        mobile: testMobile(1412),
        ...FACTS.taiyuanRetired,
      },
      { openid: 'mum-ty' },
    );
    expect((await verifyFace(cloud, 'mum-ty')).ok).toBe(true);
    const mine = await as('mum-ty')('filing', { action: 'mine' });
    expect(mine.data.filings).toEqual([
      expect.objectContaining({ filingId: filed.data.filingId, forWhom: '由子女 张*丰 代办' }),
    ]);
    expect((await as('mum-ty')('filing', { action: 'detail', filingId: filed.data.filingId })).ok).toBe(true);
    const cancelled = await as('mum-ty')('filing', {
      action: 'cancel',
      filingId: filed.data.filingId,
      requestId: 'mum-ty-cancel-1',
    });
    expect(cancelled.data.filing.status).toBe('已撤销');
    expect((await as('son-ty')('filing', { action: 'detail', filingId: filed.data.filingId })).data.filing.status).toBe(
      '已撤销',
    );
  });

  it('at most 10 invitations a day per account, however many at once', async () => {
    await withProfile(cloud, 'inviter-many', 1425, FACTS.taiyuanRetired);
    const added = await as('inviter-many')(
      'user',
      member(1426, 'inviter-many-m-1', { ...FACTS.taiyuanRetired, relationship: '配偶', name: '王芳' }),
    );
    const memberId = added.data.member.id;
    const sent = await Promise.all(
      Array.from({ length: 14 }, () => as('inviter-many')('user', { action: 'inviteMember', memberId })),
    );
    // Under contention a few may lose their transaction (CONFLICT: try again); never more than 10 get through.
    expect(sent.every((r) => r.ok || ['RATE_LIMITED', 'CONFLICT'].includes(r.code))).toBe(true);
    let granted = sent.filter((r) => r.ok).length;
    expect(granted).toBeLessThanOrEqual(10);
    for (;;) {
      const again = await as('inviter-many')('user', { action: 'inviteMember', memberId });
      if (!again.ok) {
        expect(again.code).toBe('RATE_LIMITED');
        break;
      }
      granted += 1;
    }
    expect(granted).toBe(10);
    expect(
      (await as('inviter-many')('user', { action: 'inviteMember', memberId }, '2026-11-25T08:00:00+08:00')).ok,
    ).toBe(true);
  });

  it('an invitation accepted from the member’s own verified account; only that account, only in time', async () => {
    await withProfile(cloud, 'inviter', 1421, FACTS.taiyuanRetired);
    const added = await as('inviter')(
      'user',
      member(1422, 'inviter-m-1', { ...FACTS.taiyuanRetired, relationship: '配偶', name: '王芳' }),
    );
    const invited = await as('inviter')('user', { action: 'inviteMember', memberId: added.data.member.id });
    const code = invited.data.member.invitation.code;
    // Short and in one case: 8 capitals and digits with no look-alikes, accepted as typed in lower case.
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    // The spouse registers with their own WeChat.
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'spouse' });
    await cloud.call(
      'user',
      profile(1422, { ...FACTS.taiyuanRetired, name: '王芳', idNumber: testId(1422, '19500315') }),
      { openid: 'spouse' },
    );
    expect((await as('spouse')('user', { action: 'acceptInvitation', code })).code).toBe('IDENTITY_UNVERIFIED');
    expect((await verifyFace(cloud, 'spouse')).ok).toBe(true);
    // Someone else verified, holding the code: the same answer as no invitation at all.
    await withProfile(cloud, 'other-v', 1423, FACTS.taiyuanRetired);
    expect((await as('other-v')('user', { action: 'invitation', code })).code).toBe('NOT_FOUND');
    expect((await as('other-v')('user', { action: 'acceptInvitation', code })).code).toBe('NOT_FOUND');
    // Too late: said so, with when it ran out (not 'not found').
    const late = await as('spouse')('user', { action: 'acceptInvitation', code }, '2026-12-02T10:00:00+08:00');
    expect(late.code).toBe('NOT_FOUND');
    expect(late.message).toContain('这个邀请已于 2026-12-01');
    expect(late.message).toContain('过期');
    const typed = `${code.slice(0, 4).toLowerCase()} ${code.slice(4).toLowerCase()}`;
    const seen = await as('spouse')('user', { action: 'invitation', code: typed });
    expect(seen).toMatchObject({ ok: true });
    expect(seen.data).toMatchObject({ agentName: '张*丰', relationship: '配偶' });
    const accepted = await as('spouse')('user', { action: 'acceptInvitation', code });
    expect(accepted.data.agent).toMatchObject({ relationship: '配偶', agentName: '张*丰', authorizedBy: 'invitation' });
    expect((await as('inviter')('user', { action: 'subject', memberId: added.data.member.id })).data).toMatchObject({
      self: false,
    });
    expect((await as('spouse')('user', { action: 'acceptInvitation', code })).code).toBe('NOT_FOUND');
  });

  it('a parent declares a child with a photo; nothing is done for the child until staff approve; it lapses at 18', async () => {
    await cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: 'staff-ty-g', cityCode: '140100' } });
    await cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: 'staff-lf-g', cityCode: '131000' } });
    await withProfile(cloud, 'guardian', 1431, FACTS.taiyuanRetired);
    const child = member(1432, 'guardian-m-1', {
      ...FACTS.taiyuanRetired,
      relationship: '子女',
      idNumber: testId(1432, '20150601'),
      category: 'employed',
    });
    const adult = await declareChild(cloud, 'guardian', member(1433, 'guardian-m-2', FACTS.taiyuanRetired));
    expect(adult).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
      fieldErrors: { guardianDeclaration: [expect.stringContaining('刷脸')] },
    });
    // Only a parent (the child is 子女) or 监护人: a sibling, an uncle, a stranger's word is not enough.
    for (const relationship of ['兄弟姐妹', '其他亲属', '祖父母/外祖父母']) {
      const refused = await declareChild(cloud, 'guardian', {
        ...child,
        relationship,
        requestId: `guardian-r-${relationship.length}`,
      });
      expect(refused).toMatchObject({
        ok: false,
        code: 'VALIDATION_FAILED',
        fieldErrors: { relationship: [expect.any(String)] },
      });
    }
    // No photo, or someone else's upload: refused.
    expect((await as('guardian')('user', { ...child, guardianDeclaration: true })).fieldErrors).toHaveProperty(
      'guardianProof',
    );
    const othersPlace = await as('staff-ty-g')('user', { action: 'guardianProofUpload' });
    expect(othersPlace.code).toBe('PROFILE_REQUIRED');

    const added = await declareChild(cloud, 'guardian', child);
    expect(added.data.member).toMatchObject({ minor: true, authorizedBy: null, guardianClaim: { state: 'pending' } });
    const memberId = added.data.member.id;
    const waiting = await as('guardian')('user', { action: 'subject', memberId });
    expect(waiting).toMatchObject({ ok: false, code: 'MEMBER_NOT_AUTHORIZED' });
    expect(waiting.message).toContain('正在由医保经办人员审核');
    const filingForChild = { ...taiyuanFilingEvent('guardian-child-filing-1'), forMemberId: memberId };
    expect((await as('guardian')('filing', filingForChild)).code).toBe('MEMBER_NOT_AUTHORIZED');

    // Staff of another city neither see nor decide it; the child's city sees the photo and the child's name.
    expect((await as('staff-lf-g')('user', { action: 'guardianClaims' })).data.claims).toEqual([]);
    expect((await as('staff-lf-g')('user', { action: 'reviewGuardianClaim', memberId, approve: true })).code).toBe(
      'NOT_FOUND',
    );
    const claims = (await as('staff-ty-g')('user', { action: 'guardianClaims' })).data.claims;
    expect(claims).toEqual([
      expect.objectContaining({
        memberId,
        childName: '李四',
        declaredAs: '父母',
        proof: expect.stringMatching(/^data:image\/jpeg;base64,/),
      }),
    ]);
    expect((await as('staff-ty-g')('user', { action: 'reviewGuardianClaim', memberId, approve: false })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await as('guardian')('user', { action: 'reviewGuardianClaim', memberId, approve: true })).code).toBe(
      'NOT_STAFF',
    );
    const photos = () => readdirSync(join(cloud.dataDir, 'storage', 'guardian_proofs')).length;
    const before = photos();
    await approveGuardian(cloud, 'staff-ty-g', memberId);
    // The photo is gone from storage once reviewed; those of the refused declarations go by timer, an hour on.
    expect(photos()).toBe(before - 1);
    expect((await cloud.trigger('user', 'purgeProofs', '2026-11-26T10:30:00+08:00')).data.removed).toBe(0);
    expect((await cloud.trigger('user', 'purgeProofs', '2026-11-26T11:01:00+08:00')).data).toEqual({
      removed: before - 1,
      failed: 0,
    });
    expect(photos()).toBe(0);
    expect((await as('guardian')('user', { action: 'subject', memberId })).ok).toBe(true);
    expect((await as('guardian')('filing', filingForChild)).ok).toBe(true);

    const grown = await as('guardian')('user', { action: 'subject', memberId }, '2033-06-01T10:00:00+08:00');
    expect(grown).toMatchObject({ ok: false, code: 'MEMBER_NOT_AUTHORIZED' });
    expect(grown.message).toContain('18');
    // Grown up, they authorize for themselves: the lapsed declaration does not stand in the way.
    const later = '2033-06-01T10:00:00+08:00';
    expect((await as('guardian')('user', { action: 'members' }, later)).data.members[0]).toMatchObject({
      minor: false,
      authorizedBy: null,
    });
    expect(await verifyFace(cloud, 'guardian', memberId, later)).toMatchObject({
      ok: true,
      data: { member: { authorizedBy: 'face' } },
    });
    expect((await as('guardian')('user', { action: 'subject', memberId }, later)).ok).toBe(true);
    const audits = await cloud.call('probe', { action: 'list', collection: 'audit', where: { subject: memberId } });
    expect(audits.data.map((a: any) => [a.action, a.outcome ?? null])).toEqual(
      expect.arrayContaining([
        ['guardian.declare', null],
        ['guardian.review', 'approved'],
      ]),
    );
  });

  it('at most two guardians per child, however many declare at once; each is told of the other', async () => {
    const child = (openid: string) =>
      member(1442, `${openid}-child`, {
        ...FACTS.taiyuanRetired,
        relationship: '子女',
        idNumber: testId(1442, '20180301'),
        category: 'employed',
      });
    const parents = ['parent-a', 'parent-b', 'parent-c', 'parent-d'];
    for (const [i, p] of parents.entries()) await withProfile(cloud, p, 1443 + i, FACTS.taiyuanRetired);
    const declared = await Promise.all(parents.map((p) => declareChild(cloud, p, child(p))));
    const ok = declared.filter((d) => d.ok);
    // Under contention a declaration may lose its transaction (CONFLICT: try again); never more than two stand.
    expect(ok.length).toBeLessThanOrEqual(2);
    expect(declared.every((d) => d.ok || ['GUARDIAN_LIMIT', 'CONFLICT'].includes(d.code))).toBe(true);
    const limited = declared.find((d) => d.code === 'GUARDIAN_LIMIT');
    if (limited) expect(limited.message).toMatch(/已有 2 位.*窗口/);
    const standing = [...ok];
    for (const [i, p] of parents.entries()) {
      if (standing.length >= 2) break;
      if (declared[i].ok) continue;
      const again = await declareChild(cloud, p, child(p));
      if (again.ok) standing.push(again);
    }
    expect(standing).toHaveLength(2);
    for (const d of standing) await approveGuardian(cloud, 'staff-ty-g', d.data.member.id);
    const told = await Promise.all(parents.map((p) => as(p)('user', { action: 'me' })));
    expect(told.filter((m) => m.data.notices.some((n: any) => n.kind === 'coGuardian'))).toHaveLength(2);
  });
});

describe('deleting my data', () => {
  it('deletes the person and de-links their records: kept, never shown to the account again', async () => {
    await withProfile(cloud, 'leaver', 1501, FACTS.taiyuanRetired);
    const filed = await as('leaver')('filing', {
      action: 'submit',
      cityCode: '140100',
      typeCode: '140100-kjfj',
      destination: GZ,
      startDate: '2026-12-01',
      requestId: 'leaver-file-1',
    });
    expect(filed.ok).toBe(true);
    expect(
      (
        await as('leaver')('rating', {
          action: 'submit',
          serviceRef: { kind: 'filing', id: filed.data.filingId },
          channel: 'online',
          level: 1,
          requestId: 'leaver-rate-1',
        })
      ).ok,
    ).toBe(true);
    expect((await as('leaver')('user', { action: 'deleteProfile', confirm: true })).ok).toBe(true);
    expect((await as('leaver')('user', { action: 'me' })).data).toMatchObject({ profile: null, notices: [] });
    // The same person comes back, on the same account, verified again: none of it is shown.
    await withProfile(cloud, 'leaver', 1501, FACTS.taiyuanRetired);
    expect((await as('leaver')('filing', { action: 'mine' })).data.filings).toEqual([]);
    expect((await as('leaver')('filing', { action: 'detail', filingId: filed.data.filingId })).code).toBe('NOT_FOUND');
    expect((await as('leaver')('rating', { action: 'mine' })).data.ratings).toEqual([]);
    // Kept as official records.
    const kept = await cloud.call('probe', {
      action: 'list',
      collection: 'filings',
      where: { _id: filed.data.filingId },
    });
    expect(kept.data).toHaveLength(1);
    expect(kept.data[0].owner).toMatch(/^delinked-/);
  });
});

describe('generated bad input to the identity actions', () => {
  it('never verifies, authorizes or fails inside: each answer is a clear refusal', async () => {
    await withProfile(cloud, 'fuzz', 1601, FACTS.taiyuanRetired);
    const added = await as('fuzz')('user', member(1602, 'fuzz-member-1', FACTS.taiyuanRetired));
    let x = 20261128;
    const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const junk = (): unknown => {
      const pick = Math.floor(next() * 9);
      if (pick === 0) return '';
      if (pick === 1) return 'a\u0000b';
      if (pick === 2) return 'x'.repeat(300 + Math.floor(next() * 300));
      if (pick === 3) return Math.floor(next() * 1e9);
      if (pick === 4) return { $ne: null };
      if (pick === 5) return ['local-verify-x'];
      if (pick === 6) return null;
      if (pick === 7) return `local-verify-${Math.floor(next() * 1e12).toString(16)}`;
      return added.data.member.id.slice(0, Math.floor(next() * added.data.member.id.length));
    };
    const actions = [
      'confirmVerification',
      'startVerification',
      'inviteMember',
      'invitation',
      'acceptInvitation',
      'revokeAgent',
    ];
    const fields = ['verifyId', 'memberId', 'code', 'extra'];
    for (let i = 0; i < 300; i += 1) {
      const action = actions[i % actions.length];
      const event: Record<string, unknown> = { action, [fields[Math.floor(next() * fields.length)]]: junk() };
      if (next() < 0.3) event[fields[Math.floor(next() * fields.length)]] = junk();
      const res = await as(i % 2 ? 'fuzz' : 'stranger')('user', event);
      // startVerification for oneself (no memberId) is a real request; everything else is refused.
      if (action === 'startVerification' && Object.keys(event).length === 1) continue;
      if (res.ok && action === 'startVerification') continue;
      expect([action, res.ok]).toEqual([action, false]);
      expect([action, res.code]).not.toEqual([action, 'INTERNAL']);
      expect(typeof res.message).toBe('string');
    }
    expect((await as('fuzz')('user', { action: 'members' })).data.members[0].authorizedBy).toBeNull();
    expect((await as('stranger')('user', { action: 'me' })).data.profile?.verifiedAt ?? null).toBeNull();
  });
});
