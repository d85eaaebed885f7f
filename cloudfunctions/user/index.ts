import { randomBytes } from 'node:crypto';
import { maskIdNumber, maskMobile, maskName } from '../../miniprogram/shared/personal';
import { audit } from '../core/audit';
import { getDb, getIfExists, isDuplicateKey, isTransactionConflict, listOf, type Txn } from '../core/cloud';
import { CONSENT } from '../core/consent';
import type { UserResponses } from '../core/contracts/user';
import { userRequest } from '../core/contracts/user';
import { DomainError } from '../core/envelope';
import { createHandler } from '../core/handler';
import {
  INVERSE_RELATIONSHIP, MEMBER_LIMIT, type MemberDoc, type UserDoc, adultFrom, isAuthorized, memberView, personView, profileView,
  releaseBinding, resolveSubject, userDoc, verifiedSelf,
} from '../core/people';
import { type Sealed, seal } from '../core/personalData';
import { cityByCode } from '../core/policies';
import { beijingDate, toBeijingIso } from '../core/rules/beijingTime';
import { confirmVerification, startVerification } from './verification';

const NOTICE_TEXT = {
  idReleased: '您之前填写的证件号码已由证件本人完成实人认证，已从本账号移除。如这是您本人的证件，请带身份证到医保窗口处理；如填错了，请重新填写本人信息。',
} as const;

const INVITATION_DAYS = 7;
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/** 12 letters and digits, none that look alike (O/0, l/1/I): typed by hand if the share link is lost. */
const invitationCode = () => [...randomBytes(12)].map((b) => CODE_CHARS[b % CODE_CHARS.length]).join('');
const NO_INVITATION = () => new DomainError('NOT_FOUND', '没有找到这个邀请，可能已过期、已被撤回，或不是发给您的。请让家人重新发送邀请。');

/** An authorized grant's member entry, seen from the member's side. */
async function agentView(m: MemberDoc) {
  const owner = await userDoc(m.owner);
  return {
    id: m._id,
    relationship: INVERSE_RELATIONSHIP[m.relationship],
    agentName: owner?.profile?.name.masked ?? '（已删除资料的账号）',
    authorizedBy: m.authorization!.by,
    authorizedAt: m.authorization!.at.toISOString(),
  };
}

/** A member entry naming the caller's own verified ID number, found by an invitation code. */
async function invitationFor(openid: string, code: string, now: Date) {
  const { profile } = await verifiedSelf(openid);
  const [m] = await listOf<MemberDoc>(getDb().collection('members').where({ 'invitation.code': code }).limit(1));
  // Someone else's invitation gets the same answer as none: it says nothing about whom it names.
  if (!m?.invitation || m.invitation.expiresAt.getTime() <= now.getTime() || m.idNumber.hash !== profile.idNumber.hash || m.owner === openid) {
    throw NO_INVITATION();
  }
  return m;
}


function requireConsent(user: UserDoc | null): void {
  if (user?.consent?.version !== CONSENT.version) {
    throw new DomainError('CONSENT_REQUIRED', '填写证件号码前，请先阅读并同意《个人信息收集与使用告知》。');
  }
}

function requireServedCity(cityCode: string): void {
  if (!cityByCode(cityCode)) {
    throw new DomainError('VALIDATION_FAILED', '参保地暂未开通', { fieldErrors: { cityCode: ['暂不支持该参保地，请选择已开通的城市'] } });
  }
}

const sealName = (v: string) => seal('name', v, maskName);
const sealId = (v: string) => seal('idNumber', v, maskIdNumber);
const sealMobile = (v: string) => seal('mobile', v, maskMobile);

export const main = createHandler({
  schema: userRequest,
  actions: {
    async me(_req, { caller }): Promise<UserResponses['me']> {
      const user = await userDoc(caller.openid);
      const given = user?.consent ? { version: user.consent.version, at: user.consent.at.toISOString() } : null;
      return {
        profile: user?.profile ? profileView(user.profile) : null,
        notices: (user?.notices ?? []).map((n) => ({ kind: n.kind, at: toBeijingIso(n.at), message: NOTICE_TEXT[n.kind] })),
        consent: { current: CONSENT, given, upToDate: given?.version === CONSENT.version },
      };
    },

    async consent(req, { caller, now }): Promise<UserResponses['consent']> {
      const db = getDb();
      await db.runTransaction(async (t: Txn) => {
        const ref = t.collection('users').doc(caller.openid);
        const existing = await getIfExists<UserDoc>(ref);
        const consent = { version: req.version, at: now };
        if (existing) await ref.update({ data: { consent: db.command.set(consent) } });
        else await ref.set({ data: { consent, memberCount: 0 } });
        await audit({ action: 'consent.give', actor: caller.openid, subject: 'self', fields: [], at: now }, t);
      });
      return { version: req.version, at: now.toISOString() };
    },

    async updateProfile(req, { caller, now }): Promise<UserResponses['updateProfile']> {
      const before = await userDoc(caller.openid);
      requireConsent(before);
      requireServedCity(req.cityCode);
      const old = before?.profile;
      if (!old && !req.idNumber) {
        throw new DomainError('VALIDATION_FAILED', '请填写证件号码', { fieldErrors: { idNumber: ['首次填写需要证件号码'] } });
      }
      if (!old?.mobile && !req.mobile) {
        throw new DomainError('VALIDATION_FAILED', '请填写手机号码', { fieldErrors: { mobile: ['首次填写需要手机号码，用于办理进度联系'] } });
      }
      const idNumber: Sealed = req.idNumber ? sealId(req.idNumber) : old!.idNumber;
      const name = sealName(req.name);
      const unchangedId = !!old && old.idNumber.hash === idNumber.hash;
      // A verification holds for the name + ID it was made for: changing either needs a new one.
      const stillVerified = unchangedId && old.name.hash === name.hash && old.idType === req.idType ? (old.verifiedAt ?? null) : null;
      const profile = {
        name,
        idType: req.idType,
        idNumber: unchangedId ? old.idNumber : idNumber,
        mobile: req.mobile ? sealMobile(req.mobile) : old!.mobile,
        cityCode: req.cityCode,
        scheme: req.scheme,
        category: req.category,
        updatedAt: now,
        verifiedAt: stillVerified,
      };
      const written = ['name', ...(req.idNumber ? ['idNumber'] : []), ...(req.mobile ? ['mobile'] : [])];
      const db = getDb();
      await db.runTransaction(async (t: Txn) => {
        // The number binds to this account only when its owner passes 人脸核身 (verification.ts); a profile that
        // stops being verified gives its binding up.
        if (old?.verifiedAt && !stillVerified) await releaseBinding(t, old.idNumber.hash, caller.openid);
        await t.collection('users').doc(caller.openid).update({ data: { profile: db.command.set(profile), notices: [] } });
        await audit({ action: 'profile.write', actor: caller.openid, subject: 'self', fields: written, at: now }, t);
      });
      return { profile: profileView(profile) };
    },

    async addMember(req, { caller, now }): Promise<UserResponses['addMember']> {
      requireConsent(await userDoc(caller.openid));
      await verifiedSelf(caller.openid);
      requireServedCity(req.cityCode);
      const until = adultFrom(req.idNumber);
      const minorUntil = until && until > beijingDate(now) ? until : null;
      if (req.guardianDeclaration && !minorUntil) {
        throw new DomainError('VALIDATION_FAILED', '监护人声明只适用于未满 18 周岁的家人', {
          fieldErrors: { guardianDeclaration: ['成年家人需要本人刷脸确认，或在自己的微信里接受您的邀请'] },
        });
      }
      const db = getDb();
      const byRequest = () =>
        listOf<MemberDoc>(db.collection('members').where({ owner: caller.openid, requestId: req.requestId }).limit(1));
      const [retried] = await byRequest();
      if (retried) return { member: memberView(retried, now) };
      const member: Omit<MemberDoc, '_id'> = {
        owner: caller.openid,
        relationship: req.relationship,
        requestId: req.requestId,
        name: sealName(req.name),
        idType: req.idType,
        idNumber: sealId(req.idNumber),
        cityCode: req.cityCode,
        scheme: req.scheme,
        category: req.category,
        addedAt: now,
        minorUntil,
        // A minor is added on the guardian's declaration (audited); an adult authorizes for themselves.
        authorization: req.guardianDeclaration ? { by: 'guardian', at: now } : null,
        invitation: null,
      };
      try {
        const id = await db.runTransaction(async (t: Txn) => {
          const users = t.collection('users').doc(caller.openid);
          const user = await getIfExists<UserDoc>(users);
          if ((user?.memberCount ?? 0) >= MEMBER_LIMIT) {
            throw new DomainError('MEMBER_LIMIT', `最多添加 ${MEMBER_LIMIT} 位家庭成员。可先删除不再代办的成员。`);
          }
          const added = (await t.collection('members').add({ data: member })) as { id?: string; _id?: string };
          await users.update({ data: { memberCount: db.command.inc(1) } });
          const memberId = String(added.id ?? added._id);
          await audit({ action: 'member.add', actor: caller.openid, subject: memberId, fields: ['name', 'idNumber'], at: now }, t);
          if (req.guardianDeclaration) await audit({ action: 'member.authorize', actor: caller.openid, subject: memberId, fields: [], at: now, outcome: 'guardian' }, t);
          return memberId;
        }, 12);
        return { member: memberView({ ...member, _id: id }, now) };
      } catch (error) {
        if (!isDuplicateKey(error) && !isTransactionConflict(error)) throw error;
        const [sameRequest] = await byRequest();
        if (sameRequest) return { member: memberView(sameRequest, now) };
        if (isTransactionConflict(error)) throw new DomainError('CONFLICT', '同一时间有其他修改正在处理，请稍后再试一次（不会重复添加）。');
        throw new DomainError('ALREADY_A_MEMBER', '这位家庭成员已经添加过了，可在列表中找到。');
      }
    },

    async members(_req, { caller, now }): Promise<UserResponses['members']> {
      const rows = await listOf<MemberDoc>(getDb().collection('members').where({ owner: caller.openid }).orderBy('addedAt', 'asc').limit(100));
      return { members: rows.map((m) => memberView(m, now)), limit: MEMBER_LIMIT };
    },

    async removeMember(req, { caller, now }): Promise<UserResponses['removeMember']> {
      const db = getDb();
      await db.runTransaction(async (t: Txn) => {
        const ref = t.collection('members').doc(req.memberId);
        const member = await getIfExists<MemberDoc>(ref);
        if (!member || member.owner !== caller.openid) {
          throw new DomainError('NOT_YOUR_MEMBER', '没有找到这位家庭成员，可能已经删除。请刷新列表。');
        }
        await ref.remove();
        await t.collection('users').doc(caller.openid).update({ data: { memberCount: db.command.inc(-1) } });
        await audit({ action: 'member.remove', actor: caller.openid, subject: req.memberId, fields: ['name', 'idNumber'], at: now }, t);
      });
      return { removed: req.memberId };
    },

    async subject(req, { caller, now }): Promise<UserResponses['subject']> {
      const subject = await resolveSubject(caller.openid, req.memberId, now);
      return { self: subject.self, memberId: subject.memberId, person: personView(subject.person) };
    },

    async deleteProfile(_req, { caller, now }): Promise<UserResponses['deleteProfile']> {
      const db = getDb();
      const user = await userDoc(caller.openid);
      // Each step can be repeated: a retry after a failure half-way finishes the job.
      await db.collection('members').where({ owner: caller.openid }).remove();
      await db.collection('verifications').where({ openid: caller.openid }).remove();
      if (user?.profile) await releaseBinding(db, user.profile.idNumber.hash, caller.openid);
      // Official records stay, as the law requires, but no longer name this account or lead back to it (nor
      // send it reminders); records it made for itself stop leading back to its ID number too.
      const delinked = `delinked-${randomBytes(12).toString('hex')}`;
      const delink = {
        facility_declarations: { memberId: null, notifyPending: false },
        filings: { memberId: null, remindPending: false },
        ratings: {},
      };
      for (const [collection, fields] of Object.entries(delink)) {
        await db.collection(collection).where({ owner: caller.openid }).update({ data: { owner: delinked, ...fields } });
        if (user?.profile && collection !== 'ratings') {
          await db.collection(collection).where({ subjectKey: user.profile.idNumber.hash, owner: delinked }).update({ data: { subjectKey: delinked } });
        }
      }
      await db.collection('users').doc(caller.openid).remove();
      await audit({ action: 'profile.delete', actor: caller.openid, subject: 'self', fields: ['name', 'idNumber', 'mobile'], at: now });
      await audit({ action: 'records.delink', actor: caller.openid, subject: 'self', fields: [], at: now });
      return { deleted: true };
    },

    startVerification,
    confirmVerification,

    async inviteMember(req, { caller, now }): Promise<UserResponses['inviteMember']> {
      await verifiedSelf(caller.openid);
      const db = getDb();
      const ref = db.collection('members').doc(req.memberId);
      const m = await getIfExists<MemberDoc>(ref);
      if (!m || m.owner !== caller.openid) throw new DomainError('NOT_YOUR_MEMBER', '没有找到这位家庭成员，可能已经删除。请刷新列表。');
      if (isAuthorized(m, now)) throw new DomainError('CONFLICT', `${m.relationship} ${m.name.masked} 已经授权过了，可以直接为其办理。`);
      const invitation = { code: invitationCode(), expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000) };
      await ref.update({ data: { invitation } });
      await audit({ action: 'member.invite', actor: caller.openid, subject: m._id, fields: [], at: now });
      return { member: memberView({ ...m, invitation }, now) };
    },

    async invitation(req, { caller, now }): Promise<UserResponses['invitation']> {
      const m = await invitationFor(caller.openid, req.code, now);
      const owner = await userDoc(m.owner);
      return { agentName: owner?.profile?.name.masked ?? '', relationship: INVERSE_RELATIONSHIP[m.relationship], expiresAt: toBeijingIso(m.invitation!.expiresAt) };
    },

    async acceptInvitation(req, { caller, now }): Promise<UserResponses['acceptInvitation']> {
      const m = await invitationFor(caller.openid, req.code, now);
      const authorization = { by: 'invitation' as const, at: now, account: caller.openid };
      await getDb().runTransaction(async (t: Txn) => {
        await t.collection('members').doc(m._id).update({ data: { authorization, invitation: null } });
        await audit({ action: 'member.authorize', actor: caller.openid, subject: m._id, fields: [], at: now, outcome: 'invitation' }, t);
      });
      return { agent: await agentView({ ...m, authorization }) };
    },

    async agents(_req, { caller, now }): Promise<UserResponses['agents']> {
      const { profile } = await verifiedSelf(caller.openid);
      const rows = await listOf<MemberDoc>(getDb().collection('members').where({ 'idNumber.hash': profile.idNumber.hash }).limit(100));
      const granted = rows.filter((m) => isAuthorized(m, now));
      return { agents: await Promise.all(granted.map(agentView)) };
    },

    async revokeAgent(req, { caller, now }): Promise<UserResponses['revokeAgent']> {
      const { profile } = await verifiedSelf(caller.openid);
      await getDb().runTransaction(async (t: Txn) => {
        const ref = t.collection('members').doc(req.memberId);
        const m = await getIfExists<MemberDoc>(ref);
        if (!m || m.idNumber.hash !== profile.idNumber.hash) throw new DomainError('NOT_FOUND', '没有找到这项授权，可能已经撤销。请刷新列表。');
        await ref.update({ data: { authorization: null, invitation: null } });
        await audit({ action: 'member.revoke', actor: caller.openid, subject: m._id, fields: [], at: now }, t);
      });
      return { revoked: req.memberId };
    },
  },
});
