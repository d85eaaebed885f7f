import type { VerificationDoc } from '../core/documents/identity';
import { collection } from '../core/platform/collection';
import { randomBytes } from 'node:crypto';
import { audit } from '../core/platform/audit';
import { getDb, isTransactionConflict, type Txn } from '../core/platform/sdk';
import type { UserResponses } from '../core/contracts/user';
import { DomainError } from '../core/platform/envelope';
import type { ActionContext } from '../core/platform/handler';
import {
  type StoredPerson,
  type VerifiedBy,
  isAuthorized,
  memberView,
  profileView,
  userDoc,
  verifiedSelf,
} from '../core/identity/people';
import { unseal } from '../core/identity/personalData';
import { takeDailyQuota } from '../core/platform/dailyQuota';
import { beijingDate, toBeijingIso } from '../core/rules/beijingTime';
import { type CertInfo, WeChatError, getVerifyId, queryVerifyInfo } from '../core/platform/wechat';

/** verify_ret values (WeChat's enumeration) in words a person can act on. */
const FACE_FAILURES: Array<{ codes: number[]; message: string }> = [
  { codes: [90002, 90003, 90004, 90005, 90006], message: '您取消了刷脸核验。需要办理时，可以随时重新开始。' },
  {
    codes: [90008, 90009, 90010, 90106],
    message: '微信没有使用相机或麦克风的权限。请在手机“设置”中允许微信使用相机和麦克风，再重新开始。',
  },
  {
    codes: [90011, 90013, 90014],
    message: '没有采集到清晰的人脸。请到光线充足的地方，正对手机，摘下帽子、口罩和眼镜后重新开始。',
  },
  { codes: [90007, 90012], message: '网络不稳定，刷脸没有完成。请换一个网络（如 Wi-Fi）后重新开始。' },
  { codes: [90017, 90107], message: '刷脸超时了。请重新开始，按屏幕提示在规定时间内完成。' },
  { codes: [90001, 90109], message: '这台手机不支持刷脸核验。请换一台手机，或带本人身份证到医保窗口办理。' },
];
const FACE_FAILURE_DEFAULT = '刷脸核验没有通过。请重新开始；多次不通过，请带本人身份证到医保窗口办理。';

export function faceFailureMessage(verifyRet: number): string {
  return FACE_FAILURES.find((f) => f.codes.includes(verifyRet))?.message ?? FACE_FAILURE_DEFAULT;
}

/** Face sessions a day, per account and per ID number. */
export const FACE_SESSIONS_PER_DAY = 5;

const UNAVAILABLE = () =>
  new DomainError('SERVICE_UNAVAILABLE', '刷脸核验服务暂时不可用，请稍后再试。着急办理的，可带本人身份证到医保窗口。');

/** The person a session is for: the caller's profile or a family member of the caller's (not yet authorized). */
async function targetOf(openid: string, memberId: string | undefined) {
  if (!memberId) {
    const user = await userDoc(openid);
    if (!user?.profile) throw new DomainError('PROFILE_REQUIRED', '请先填写本人信息，再进行实人认证。');
    return {
      target: 'self',
      person: user.profile as StoredPerson,
      forWhom: '本人',
      profile: user.profile,
      member: null,
    };
  }
  // Acting for someone needs the caller's own proof first.
  await verifiedSelf(openid);
  const member = await collection('members').doc(memberId).get();
  if (!member || member.owner !== openid) {
    throw new DomainError('NOT_YOUR_MEMBER', '没有找到这位家庭成员，可能已经删除。请刷新列表。');
  }
  return {
    target: member._id,
    person: member as StoredPerson,
    forWhom: `${member.relationship} ${member.name.masked}`,
    profile: null,
    member,
  };
}

function certOf(person: StoredPerson): CertInfo {
  if (person.idType !== 'resident') {
    throw new DomainError(
      'FACE_NOT_SUPPORTED',
      '刷脸核验只支持居民身份证。持港澳台居民居住证或外国人永久居留身份证的，请在“我的”中点“到窗口核验”，带证件原件到参保地医保窗口出示核验码。',
    );
  }
  return {
    cert_type: 'IDENTITY_CARD',
    cert_name: unseal('name', person.name.enc),
    cert_no: unseal('idNumber', person.idNumber.enc),
  };
}

export async function startVerification(
  req: { memberId?: string },
  { caller, now }: ActionContext,
): Promise<UserResponses['startVerification']> {
  const { target, person, forWhom, member } = await targetOf(caller.openid, req.memberId);
  if (member && isAuthorized(member, now))
    throw new DomainError('CONFLICT', `${forWhom} 已经授权过了，可以直接为其办理。`);
  const cert = certOf(person);
  // Each session is a paid WeChat call and an attempt on one person's identity: a few a day per account and per
  // ID number, counted before WeChat is asked (concurrent starts cannot all slip under the limit).
  const allowed = await getDb()
    .runTransaction(
      (t: Txn) =>
        takeDailyQuota(
          t,
          'verification_quotas',
          [`account:${caller.openid}`, `id:${person.idNumber.hash}`],
          beijingDate(now),
          FACE_SESSIONS_PER_DAY,
        ),
      12,
    )
    .catch((error: unknown) => {
      if (!isTransactionConflict(error)) throw error;
      throw new DomainError('CONFLICT', '同一时间发起的核验较多，请稍后再试一次。');
    });
  if (!allowed) {
    throw new DomainError(
      'RATE_LIMITED',
      `今天的刷脸核验次数已用完（每个账号、每个证件号码每天最多 ${FACE_SESSIONS_PER_DAY} 次）。请明天再试；着急办理或多次刷脸不通过的，可带本人证件到医保窗口核验。`,
    );
  }
  await audit({
    action: 'personal.read',
    actor: caller.openid,
    subject: target,
    fields: ['name', 'idNumber'],
    at: now,
    purpose: 'identity.verify',
  });
  const outSeqNo = randomBytes(18).toString('base64url');
  let session: { verifyId: string; expiresIn: number };
  try {
    session = await getVerifyId({ outSeqNo, cert, openid: caller.openid });
  } catch (error) {
    if (error instanceof WeChatError) console.error('[startVerification] getVerifyId failed:', error.errcode);
    throw UNAVAILABLE();
  }
  const expiresAt = new Date(now.getTime() + session.expiresIn * 1000);
  const doc: VerificationDoc = {
    _id: outSeqNo,
    verifyId: session.verifyId,
    openid: caller.openid,
    target,
    nameHash: person.name.hash,
    idHash: person.idNumber.hash,
    createdAt: now,
    expiresAt,
    state: 'pending',
  };
  await collection('verifications').add({ data: doc });
  await audit({ action: 'identity.verifyStart', actor: caller.openid, subject: target, fields: [], at: now });
  return { verifyId: session.verifyId, expiresAt: toBeijingIso(expiresAt), forWhom };
}

export async function confirmVerification(
  req: { verifyId: string },
  { caller, now }: ActionContext,
): Promise<UserResponses['confirmVerification']> {
  const db = getDb();
  // Another account's session gets the same answer as one that does not exist.
  const [v] = await collection('verifications').where({ verifyId: req.verifyId, openid: caller.openid }).limit(1).get();
  if (!v) throw new DomainError('NOT_FOUND', '没有找到这次刷脸核验。请重新开始。');
  if (v.state === 'invalid') throw new DomainError('VERIFICATION_EXPIRED', '这次刷脸核验已失效，请重新开始刷脸。');
  if (v.state !== 'pending')
    throw new DomainError(
      'VERIFICATION_USED',
      '这次刷脸核验已经确认过了，每次核验只能用一次。如需再次核验，请重新开始。',
    );
  if (v.expiresAt.getTime() <= now.getTime()) {
    throw new DomainError('VERIFICATION_EXPIRED', '这次刷脸核验已超过 1 小时有效期。请重新开始。');
  }
  const { target, person, forWhom, profile, member } = await targetOf(
    caller.openid,
    v.target === 'self' ? undefined : v.target,
  );
  if (!sameIdentity(person, v)) throw CHANGED_SINCE();
  const cert = certOf(person);
  let verifyRet: number;
  try {
    verifyRet = (await queryVerifyInfo({ verifyId: v.verifyId, outSeqNo: v._id, cert, openid: caller.openid }))
      .verifyRet;
  } catch (error) {
    // 84001 is "invalid identify id" (WeChat's error for a session it does not know, or no longer knows): this
    // session cannot be confirmed, so it is closed and the person starts again.
    if (error instanceof WeChatError && error.errcode === 84001) {
      await collection('verifications')
        .doc(v._id)
        .update({ data: { state: 'invalid' } });
      throw new DomainError('VERIFICATION_EXPIRED', '这次刷脸核验已失效，请重新开始刷脸。');
    }
    if (error instanceof WeChatError) console.error('[confirmVerification] queryVerifyInfo failed:', error.errcode);
    throw UNAVAILABLE();
  }
  const passed = verifyRet === 10000;
  const authorization = { by: 'face' as const, at: now };
  const released = passed && target === 'self' ? await heldElsewhere(caller.openid, v.idHash) : [];
  await db.runTransaction(async (t: Txn) => {
    const ref = collection('verifications', t).doc(v._id);
    const fresh = await ref.get();
    if (fresh?.state !== 'pending')
      throw new DomainError('VERIFICATION_USED', '这次刷脸核验已经确认过了，每次核验只能用一次。');
    // The person as they are now, read in this transaction: a profile or member changed (or deleted) since the
    // session started — or while WeChat was asked — is not the person WeChat checked. A concurrent change
    // conflicts with this read, so one of the two is retried and sees the other.
    const current = await personNow(t, caller.openid, target);
    if (!current || !sameIdentity(current, v)) throw CHANGED_SINCE();
    await ref.update({ data: { state: passed ? 'passed' : 'failed', verifyRet } });
    await audit(
      {
        action: 'identity.verify',
        actor: caller.openid,
        subject: target,
        fields: [],
        at: now,
        outcome: String(verifyRet),
      },
      t,
    );
    if (!passed) return;
    if (target === 'self') await bindIdentity(t, caller.openid, v.idHash, released, now);
    else
      await collection('members', t)
        .doc(target)
        .update({ data: { authorization, invitation: null } });
  }, 12);
  if (!passed) throw new DomainError('FACE_NOT_PASSED', faceFailureMessage(verifyRet));
  // What was just written, on what was read above: no second read.
  return {
    verified: true,
    forWhom,
    profile: profile ? profileView({ ...profile, verifiedAt: now, verifiedBy: { kind: 'face' } }) : null,
    member: member ? memberView({ ...member, authorization, invitation: null }, now) : null,
  };
}

const CHANGED_SINCE = () =>
  new DomainError('VERIFICATION_EXPIRED', '核验开始后姓名或证件信息有修改，这次核验不再有效。请重新开始。');

/** The session was started for this very name and ID number (a 居民身份证: the only kind WeChat checks). */
function sameIdentity(person: StoredPerson, v: Pick<VerificationDoc, 'nameHash' | 'idHash'>): boolean {
  return person.idType === 'resident' && person.name.hash === v.nameHash && person.idNumber.hash === v.idHash;
}

/** The person a session is for, read in `t`: null when deleted, or no longer a member of the caller's. */
async function personNow(t: Txn, openid: string, target: string): Promise<StoredPerson | null> {
  if (target === 'self') return (await collection('users', t).doc(openid).get())?.profile ?? null;
  const member = await collection('members', t).doc(target).get();
  return member?.owner === openid ? member : null;
}

/** Other accounts holding this ID number in an unverified profile: released when its owner verifies. */
export async function heldElsewhere(openid: string, idHash: string): Promise<string[]> {
  const rows = await collection('users')
    .where({ 'profile.idNumber.hash': idHash })
    .field({ _id: true })
    .limit(100)
    .get();
  return rows.map((r) => r._id).filter((id) => id !== openid);
}

/**
 * One ID number, one verified WeChat account. A verified binding elsewhere is not taken over (the person uses
 * that account, or deletes their data there first); unverified profiles elsewhere are released and told.
 */
export async function bindIdentity(
  t: Txn,
  openid: string,
  idHash: string,
  others: string[],
  now: Date,
  by: VerifiedBy = { kind: 'face' },
): Promise<void> {
  const _ = getDb().command;
  const bound = await collection('identities', t).doc(idHash).get();
  if (bound && bound.openid !== openid && bound.verifiedAt) {
    throw new DomainError(
      'ID_ALREADY_BOUND',
      '您的证件已在另一个微信账号完成实人认证。请用那个账号办理；如要换用本账号，请先在原账号“我的”中删除资料。如不是您本人操作的，请带身份证到医保窗口处理。',
    );
  }
  await collection('identities', t)
    .doc(idHash)
    .set({ data: { openid, verifiedAt: now } });
  await collection('users', t)
    .doc(openid)
    .update({ data: { 'profile.verifiedAt': now, 'profile.verifiedBy': by } });
  for (const other of others) {
    const ref = collection('users', t).doc(other);
    const user = await ref.get();
    // Only a profile still holding this number and never verified for it is released.
    if (!user?.profile || user.profile.idNumber.hash !== idHash || user.profile.verifiedAt) continue;
    await ref.update({ data: { profile: _.remove(), notices: _.push([{ kind: 'idReleased', at: now }]) } });
    await audit(
      {
        action: 'identity.release',
        actor: openid,
        subject: `account:${other}`,
        fields: ['name', 'idNumber', 'mobile'],
        at: now,
      },
      t,
    );
  }
}
