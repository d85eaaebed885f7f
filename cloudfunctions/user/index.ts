import { maskIdNumber, maskMobile, maskName } from '../../miniprogram/utils/personal';
import { audit } from '../core/audit';
import { getDb, getIfExists, isDuplicateKey, isTransactionConflict, listOf, type Txn } from '../core/cloud';
import { CONSENT } from '../core/consent';
import type { UserResponses } from '../core/contracts/user';
import { userRequest } from '../core/contracts/user';
import { DomainError } from '../core/envelope';
import { createHandler } from '../core/handler';
import { MEMBER_LIMIT, type MemberDoc, type UserDoc, memberView, personView, profileView, resolveSubject, userDoc } from '../core/people';
import { type Sealed, seal } from '../core/personalData';
import { cityByCode } from '../core/policies';


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
      const unchangedId = old && old.idNumber.hash === idNumber.hash;
      const profile = {
        name: sealName(req.name),
        idType: req.idType,
        idNumber: unchangedId ? old.idNumber : idNumber,
        mobile: req.mobile ? sealMobile(req.mobile) : old!.mobile,
        cityCode: req.cityCode,
        scheme: req.scheme,
        category: req.category,
        updatedAt: now,
      };
      const written = ['name', ...(req.idNumber ? ['idNumber'] : []), ...(req.mobile ? ['mobile'] : [])];
      const db = getDb();
      await db.runTransaction(async (t: Txn) => {
        if (!unchangedId) {
          // One WeChat account per ID number: the identities collection is keyed by the number's keyed hash.
          const bound = await getIfExists<{ openid: string }>(t.collection('identities').doc(idNumber.hash));
          if (bound && bound.openid !== caller.openid) {
            throw new DomainError('ID_ALREADY_BOUND', '该证件号码已绑定另一个微信账号。如需更换，请用原账号删除资料，或带本人证件到窗口办理。');
          }
          if (old) await t.collection('identities').doc(old.idNumber.hash).remove();
          await t.collection('identities').doc(idNumber.hash).set({ data: { openid: caller.openid } });
        }
        await t.collection('users').doc(caller.openid).update({ data: { profile: db.command.set(profile) } });
        await audit({ action: 'profile.write', actor: caller.openid, subject: 'self', fields: written, at: now }, t);
      });
      return { profile: profileView(profile) };
    },

    async addMember(req, { caller, now }): Promise<UserResponses['addMember']> {
      requireConsent(await userDoc(caller.openid));
      requireServedCity(req.cityCode);
      const db = getDb();
      const byRequest = () =>
        listOf<MemberDoc>(db.collection('members').where({ owner: caller.openid, requestId: req.requestId }).limit(1));
      const [retried] = await byRequest();
      if (retried) return { member: memberView(retried) };
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
          return memberId;
        }, 12);
        return { member: memberView({ ...member, _id: id }) };
      } catch (error) {
        if (!isDuplicateKey(error) && !isTransactionConflict(error)) throw error;
        const [sameRequest] = await byRequest();
        if (sameRequest) return { member: memberView(sameRequest) };
        if (isTransactionConflict(error)) throw new DomainError('CONFLICT', '同一时间有其他修改正在处理，请稍后再试一次（不会重复添加）。');
        throw new DomainError('ALREADY_A_MEMBER', '这位家庭成员已经添加过了，可在列表中找到。');
      }
    },

    async members(_req, { caller }): Promise<UserResponses['members']> {
      const rows = await listOf<MemberDoc>(getDb().collection('members').where({ owner: caller.openid }).orderBy('addedAt', 'asc').limit(100));
      return { members: rows.map(memberView), limit: MEMBER_LIMIT };
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

    async subject(req, { caller }): Promise<UserResponses['subject']> {
      const subject = await resolveSubject(caller.openid, req.memberId);
      return { self: subject.self, memberId: subject.memberId, person: personView(subject.person) };
    },

    async deleteProfile(_req, { caller, now }): Promise<UserResponses['deleteProfile']> {
      const db = getDb();
      const user = await userDoc(caller.openid);
      // Each step can be repeated: a retry after a failure half-way finishes the job.
      await db.collection('members').where({ owner: caller.openid }).remove();
      if (user?.profile) await db.collection('identities').doc(user.profile.idNumber.hash).remove();
      await db.collection('users').doc(caller.openid).remove();
      await audit({ action: 'profile.delete', actor: caller.openid, subject: 'self', fields: ['name', 'idNumber', 'mobile'], at: now });
      return { deleted: true };
    },
  },
});
