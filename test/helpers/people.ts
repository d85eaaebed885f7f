import { CONSENT } from '../../cloudfunctions/core/identity/consent';
import { checkDigit } from '../../miniprogram/shared/personal';

/** Valid test ID numbers (GB 11643 check digit computed), distinct per index. Not real people. */
export function testId(index: number, birth = '19800101'): string {
  const first17 = `110105${birth}${String(100 + index).slice(-3)}`;
  return first17 + checkDigit(first17);
}

export function testMobile(index: number): string {
  return `139${String(10000000 + index).slice(-8)}`;
}

export const profile = (index: number, extra: Record<string, unknown> = {}) => ({
  action: 'updateProfile',
  name: '张三丰',
  idType: 'resident',
  idNumber: testId(index),
  mobile: testMobile(index),
  cityCode: '140100',
  scheme: 'employee',
  category: 'retired',
  ...extra,
});

export const member = (index: number, requestId: string, extra: Record<string, unknown> = {}) => ({
  action: 'addMember',
  requestId,
  relationship: '父母',
  name: '李四',
  idType: 'resident',
  idNumber: testId(index, '19500315'),
  cityCode: '131000',
  scheme: 'employee',
  category: 'retired',
  ...extra,
});

/** The facts the rules need, per served city, for a typical insured person of that city's flows. */
export const FACTS = {
  beijingEmployee: { cityCode: '110000', scheme: 'employee', category: 'employed' },
  zhongshanResident: { cityCode: '442000', scheme: 'resident', category: 'residentAdult' },
  taiyuanRetired: { cityCode: '140100', scheme: 'employee', category: 'retired' },
  langfangEmployee: { cityCode: '131000', scheme: 'employee', category: 'employed' },
} as const;

export const CONSENT_VERSION = CONSENT.version;

interface Cloud {
  call(fn: string, event: unknown, options: { openid: string; now?: string }): Promise<any>;
  faceCheck(openid: string, verifyId: string, now?: string): Promise<{ errCode: number }>;
}

/**
 * 人脸核身 through the real user function and the local cloud's stand-in for WeChat: a session, the face check
 * on the phone (outcome as set with setFaceOutcome; passing by default), then the server's confirmation.
 */
export async function verifyFace(cloud: Cloud, openid: string, memberId?: string, now?: string): Promise<any> {
  const start = await cloud.call(
    'user',
    { action: 'startVerification', ...(memberId ? { memberId } : {}) },
    { openid, now },
  );
  expect(start).toMatchObject({ ok: true });
  await cloud.faceCheck(openid, start.data.verifyId, now);
  return cloud.call('user', { action: 'confirmVerification', verifyId: start.data.verifyId }, { openid, now });
}

/** A WeChat user who consented, saved a profile (test person `index`) and passed 人脸核身, through the real functions. */
export async function withProfile(
  cloud: Cloud,
  openid: string,
  index: number,
  facts: Record<string, string>,
  name = '张三丰',
): Promise<void> {
  await cloud.call('user', { action: 'consent', version: CONSENT.version }, { openid });
  expect((await cloud.call('user', profile(index, { ...facts, name }), { openid })).ok).toBe(true);
  expect(await verifyFace(cloud, openid)).toMatchObject({ ok: true, data: { verified: true } });
}

/** A family member added by `openid` and authorized by their own face check on the same phone. */
export async function withMember(cloud: Cloud, openid: string, event: Record<string, unknown>): Promise<string> {
  const added = await cloud.call('user', event, { openid });
  expect(added).toMatchObject({ ok: true });
  expect(await verifyFace(cloud, openid, added.data.member.id)).toMatchObject({ ok: true });
  return added.data.member.id;
}

/** A 太原 跨省 备案 from 2026-12-01 as the filing form submits it: to 广州 unless another city is given. */
export const taiyuanFilingEvent = (
  requestId: string,
  destination: { provinceCode: string; cityCode: string } = { provinceCode: '440000', cityCode: '440100' },
) => ({
  action: 'submit',
  cityCode: '140100',
  typeCode: '140100-kjfj',
  destination,
  startDate: '2026-12-01',
  requestId,
});

/** A 太原 retiree (test person `index`) with one accepted 跨省 备案 to 广州 from 2026-12-01, filed at `now`: a service to rate. */
export async function withTaiyuanFiling(
  cloud: Cloud,
  openid: string,
  index: number,
  now = '2026-11-24T10:00:00+08:00',
): Promise<string> {
  await withProfile(cloud, openid, index, FACTS.taiyuanRetired);
  const filed = await cloud.call('filing', taiyuanFilingEvent(`${openid}-filing-1`), { openid, now });
  expect(filed).toMatchObject({ ok: true });
  return filed.data.filingId;
}

/** A photo as the page uploads it: a few bytes of JPEG header (the functions never look inside; staff do). */
export const PROOF_PHOTO = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

interface CloudWithUpload extends Cloud {
  upload(cloudPath: string, bytes: Buffer): Promise<{ json: { fileID: string } }>;
}

/**
 * A parent's declaration for a child as the members page makes it: the proof photo uploaded to a path
 * registered to the parent, then addMember with it. Pending until staff review it (`approveGuardian`).
 */
export async function declareChild(
  cloud: CloudWithUpload,
  openid: string,
  event: Record<string, unknown>,
  now?: string,
) {
  const place = await cloud.call('user', { action: 'guardianProofUpload' }, { openid, now });
  expect(place).toMatchObject({ ok: true });
  const { json } = await cloud.upload(place.data.cloudPath, PROOF_PHOTO);
  return cloud.call('user', { ...event, guardianDeclaration: true, guardianProof: json.fileID }, { openid, now });
}

/** Staff of the child's 参保地 approve a pending declaration in the 工作台. */
export async function approveGuardian(cloud: Cloud, staff: string, memberId: string, now?: string): Promise<void> {
  const reviewed = await cloud.call(
    'user',
    { action: 'reviewGuardianClaim', memberId, approve: true },
    { openid: staff, now },
  );
  expect(reviewed).toMatchObject({ ok: true, data: { state: 'approved' } });
}
