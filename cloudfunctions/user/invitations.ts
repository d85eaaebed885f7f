import { collection } from '../core/platform/collection';
import { randomBytes } from 'node:crypto';
import { audit } from '../core/platform/audit';
import { getDb, isTransactionConflict, type Txn } from '../core/platform/sdk';
import type { UserResponses } from '../core/contracts/user';
import { type userRequest } from '../core/contracts/user';
import { DomainError } from '../core/platform/envelope';
import {
  INVERSE_RELATIONSHIP,
  type MemberDoc,
  type UserDoc,
  isAuthorized,
  memberView,
  userDoc,
  verifiedSelf,
} from '../core/identity/people';
import { takeDailyQuota } from '../core/platform/dailyQuota';
import { beijingDate, toBeijingIso } from '../core/rules/beijingTime';
import type { z } from 'zod';
import type { Actions } from '../core/platform/handler';
import { unitsFor } from './units';

export const INVITATION_DAYS = 7;
/** Invitations an account may send a day (each a code someone could try to use). */
export const INVITATIONS_PER_DAY = 10;
export const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/**
 * 8 capital letters and digits, none that look alike (O/0, I/1): typed by hand, in either case, by an older
 * person if the share link is lost. Guessing one gains nothing: only the person it names can open it.
 */
export const invitationCode = () => [...randomBytes(8)].map((b) => CODE_CHARS[b % CODE_CHARS.length]).join('');
/** No invitation with this code for this person (none, withdrawn, or someone else's: the same answer). */
export const NO_INVITATION = () =>
  new DomainError(
    'NOT_FOUND',
    '没有找到这个邀请码。请核对后重新输入（8 位字母或数字，不分大小写）；核对无误仍不行的，可能家人已撤回邀请，请让家人在“家庭成员”中重新发送。',
  );

/** An authorized grant's member entry, seen from the member's side. */
/** An account that may act for the caller, as 谁可以为我办理 lists it. */
function agentOf(m: Pick<MemberDoc, '_id' | 'relationship' | 'authorization'>, owner: AgentAccount | null) {
  return {
    id: m._id,
    relationship: INVERSE_RELATIONSHIP[m.relationship],
    agentName: owner?.profile?.name.masked ?? '（已删除资料的账号）',
    authorizedBy: m.authorization!.by,
    authorizedAt: m.authorization!.at.toISOString(),
  };
}

export async function agentView(m: MemberDoc) {
  return agentOf(m, await userDoc(m.owner));
}

/** What is read of the account that keeps a member entry: the masked name it shows, nothing else. */
type AgentAccount = { profile?: { name: Pick<NonNullable<UserDoc['profile']>['name'], 'masked'> } | null };
type EntryNaming = Pick<MemberDoc, '_id' | 'relationship' | 'authorization' | 'minorUntil'> & {
  owners: AgentAccount[];
};

/**
 * The member entries naming a person, each with the account that keeps it (`owners`: that account's masked
 * name, or none), in one request: CloudBase's `lookup` joins them in the database.
 */
async function entriesNaming(idHash: string): Promise<EntryNaming[]> {
  const res = (await collection('members')
    .aggregate()
    .match({ 'idNumber.hash': idHash })
    .limit(100)
    .lookup({ from: 'users', localField: 'owner', foreignField: '_id', as: 'owners' })
    .project({ relationship: 1, authorization: 1, minorUntil: 1, 'owners.profile.name.masked': 1 })
    .end()) as { list?: EntryNaming[] };
  return res.list ?? [];
}

/** A member entry naming the caller's own verified ID number, found by an invitation code. */
export async function invitationFor(openid: string, code: string, now: Date) {
  const { profile } = await verifiedSelf(openid);
  const [m] = await collection('members').where({ 'invitation.code': code }).limit(1).get();
  // Someone else's invitation gets the same answer as none: it says nothing about whom it names.
  if (!m?.invitation || m.idNumber.hash !== profile.idNumber.hash) throw NO_INVITATION();
  if (m.owner === openid)
    throw new DomainError('NOT_FOUND', '这是您自己发出的邀请。请把邀请发给家人，由家人用自己的微信打开并同意。');
  if (m.invitation.expiresAt.getTime() <= now.getTime())
    throw new DomainError(
      'NOT_FOUND',
      `这个邀请已于 ${toBeijingIso(m.invitation.expiresAt).slice(0, 16).replace('T', ' ')} 过期（邀请 ${INVITATION_DAYS} 天内有效）。请让家人在“家庭成员”中重新发送邀请。`,
    );
  return m;
}

/** Authorization by invitation, seen from both sides: invite, look up, accept; 谁可以为我办理 and revoking it. */
export const invitationActions = {
  async inviteMember(req, { caller, now }): Promise<UserResponses['inviteMember']> {
    await verifiedSelf(caller.openid);
    const db = getDb();
    const ref = collection('members').doc(req.memberId);
    const m = await ref.get();
    if (!m || m.owner !== caller.openid)
      throw new DomainError('NOT_YOUR_MEMBER', '没有找到这位家庭成员，可能已经删除。请刷新列表。');
    if (isAuthorized(m, now))
      throw new DomainError('CONFLICT', `${m.relationship} ${m.name.masked} 已经授权过了，可以直接为其办理。`);
    const invitation = { code: invitationCode(), expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000) };
    await db
      .runTransaction(async (t: Txn) => {
        const day = beijingDate(now);
        if (!(await takeDailyQuota(t, 'verification_quotas', [`invite:${caller.openid}`], day, INVITATIONS_PER_DAY)))
          throw new DomainError(
            'RATE_LIMITED',
            `今天发出的邀请已达 ${INVITATIONS_PER_DAY} 次。已发出的邀请 ${INVITATION_DAYS} 天内有效，请让家人先用已收到的邀请；也可明天再发。`,
          );
        await collection('members', t).doc(m._id).update({ data: { invitation } });
        await audit({ action: 'member.invite', actor: caller.openid, subject: m._id, fields: [], at: now }, t);
      }, 12)
      .catch((error: unknown) => {
        if (!isTransactionConflict(error)) throw error;
        throw new DomainError('CONFLICT', '同一时间有其他修改正在处理，请稍后再试一次。');
      });
    return { member: memberView({ ...m, invitation }, now) };
  },

  async invitation(req, { caller, now }): Promise<UserResponses['invitation']> {
    const m = await invitationFor(caller.openid, req.code, now);
    const owner = await userDoc(m.owner);
    return {
      agentName: owner?.profile?.name.masked ?? '',
      relationship: INVERSE_RELATIONSHIP[m.relationship],
      expiresAt: toBeijingIso(m.invitation!.expiresAt),
    };
  },

  async acceptInvitation(req, { caller, now }): Promise<UserResponses['acceptInvitation']> {
    const m = await invitationFor(caller.openid, req.code, now);
    const authorization = { by: 'invitation' as const, at: now, account: caller.openid };
    await getDb().runTransaction(async (t: Txn) => {
      await collection('members', t)
        .doc(m._id)
        .update({ data: { authorization, invitation: null } });
      await audit(
        {
          action: 'member.authorize',
          actor: caller.openid,
          subject: m._id,
          fields: [],
          at: now,
          outcome: 'invitation',
        },
        t,
      );
    });
    return { agent: await agentView({ ...m, authorization }) };
  },

  async agents(_req, { caller, now }): Promise<UserResponses['agents']> {
    const { profile } = await verifiedSelf(caller.openid);
    const [rows, units] = await Promise.all([entriesNaming(profile.idNumber.hash), unitsFor(profile.idNumber.hash)]);
    const agents = rows.filter((m) => isAuthorized(m, now)).map((m) => agentOf(m, m.owners[0] ?? null));
    return { agents, units };
  },

  async revokeAgent(req, { caller, now }): Promise<UserResponses['revokeAgent']> {
    const { profile } = await verifiedSelf(caller.openid);
    await getDb().runTransaction(async (t: Txn) => {
      const ref = collection('members', t).doc(req.memberId);
      const m = await ref.get();
      if (!m || m.idNumber.hash !== profile.idNumber.hash)
        throw new DomainError('NOT_FOUND', '没有找到这项授权，可能已经撤销。请刷新列表。');
      await ref.update({ data: { authorization: null, invitation: null } });
      await audit({ action: 'member.revoke', actor: caller.openid, subject: m._id, fields: [], at: now }, t);
    });
    return { revoked: req.memberId };
  },
} satisfies Partial<Actions<z.output<typeof userRequest>>>;
