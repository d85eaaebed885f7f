import { collection } from '../core/platform/collection';
import { audit } from '../core/platform/audit';
import { getDb, isDuplicateKey, isTransactionConflict, type Txn } from '../core/platform/sdk';
import type { UserResponses } from '../core/contracts/user';
import { type userRequest } from '../core/contracts/user';
import { DomainError } from '../core/platform/envelope';
import {
  MEMBER_LIMIT,
  type MemberDoc,
  adultFrom,
  memberView,
  personView,
  resolveSubject,
  userDoc,
  verifiedSelf,
} from '../core/identity/people';
import { beijingDate } from '../core/rules/beijingTime';
import type { z } from 'zod';
import type { Actions } from '../core/platform/handler';
import { requireConsent, requireServedCity, sealName, sealId } from './profile';
import { oncePerRequest } from '../core/platform/oncePerRequest';
import { ownUpload } from '../core/platform/uploads';
import { GUARDIAN_RELATIONSHIPS } from '../../miniprogram/shared/insurance';
import { NO_PROOF, claimGuardianship, discardProof, releaseGuardianship } from './guardians';

/** Family members (亲情账户): adding, listing and removing them, and resolving who a request is for. */
export const memberActions = {
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
    if (req.guardianDeclaration && !GUARDIAN_RELATIONSHIPS.includes(req.relationship)) {
      throw new DomainError('VALIDATION_FAILED', '只有父母或法定监护人可以声明监护', {
        fieldErrors: {
          relationship: ['声明监护时，关系应为“子女”（您是孩子的父母）或“被监护人”（您是法定监护人）'],
        },
      });
    }
    // The declarant's own photo of the 户口簿 page or 出生医学证明, uploaded to a path registered to them.
    const proof = req.guardianDeclaration
      ? await (req.guardianProof
          ? ownUpload('guardian_proofs', req.guardianProof, caller.openid, NO_PROOF)
          : Promise.reject(
              new DomainError('VALIDATION_FAILED', '请上传户口簿（孩子所在页）或出生医学证明的照片', {
                fieldErrors: { guardianProof: ['声明监护需要户口簿或出生医学证明的照片，由医保经办人员审核'] },
              }),
            ))
      : null;
    const db = getDb();
    const once = oncePerRequest<'members', UserResponses['addMember']>(
      'members',
      caller.openid,
      req.requestId,
      (m) => ({
        member: memberView(m, now),
      }),
    );
    const retried = await once.replay();
    if (retried) return retried;
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
      // A minor's guardian acts once staff approved the declaration's proof; an adult authorizes for themselves.
      authorization: null,
      guardianClaim: proof ? { state: 'pending', proof: proof._id, at: now } : null,
      invitation: null,
    };
    try {
      const id = await db.runTransaction(async (t: Txn) => {
        const users = collection('users', t).doc(caller.openid);
        const user = await users.get();
        if ((user?.memberCount ?? 0) >= MEMBER_LIMIT) {
          throw new DomainError('MEMBER_LIMIT', `最多添加 ${MEMBER_LIMIT} 位家庭成员。可先删除不再代办的成员。`);
        }
        const added = (await collection('members', t).add({ data: member })) as { id?: string; _id?: string };
        await users.update({ data: { memberCount: db.command.inc(1) } });
        const memberId = String(added.id ?? added._id);
        await audit(
          { action: 'member.add', actor: caller.openid, subject: memberId, fields: ['name', 'idNumber'], at: now },
          t,
        );
        if (member.guardianClaim) {
          // At most two guardians per child, counted in the same transaction as the declaration.
          await claimGuardianship(t, member.idNumber.hash, memberId);
          await collection('guardian_proofs', t)
            .doc(proof!._id)
            .update({ data: { keep: true } });
          await audit({ action: 'guardian.declare', actor: caller.openid, subject: memberId, fields: [], at: now }, t);
        }
        return memberId;
      }, 12);
      return { member: memberView({ ...member, _id: id }, now) };
    } catch (error) {
      if (!isDuplicateKey(error) && !isTransactionConflict(error)) throw error;
      const twin = await once.twinAfter(error);
      if (twin) return twin;
      if (isTransactionConflict(error))
        throw new DomainError('CONFLICT', '同一时间有其他修改正在处理，请稍后再试一次（不会重复添加）。');
      throw new DomainError('ALREADY_A_MEMBER', '这位家庭成员已经添加过了，可在列表中找到。');
    }
  },

  async members(_req, { caller, now }): Promise<UserResponses['members']> {
    const rows = await collection('members').where({ owner: caller.openid }).orderBy('addedAt', 'asc').limit(100).get();
    return { members: rows.map((m) => memberView(m, now)), limit: MEMBER_LIMIT };
  },

  async removeMember(req, { caller, now }): Promise<UserResponses['removeMember']> {
    const db = getDb();
    const proof = await db.runTransaction(async (t: Txn) => {
      const ref = collection('members', t).doc(req.memberId);
      const member = await ref.get();
      if (!member || member.owner !== caller.openid) {
        throw new DomainError('NOT_YOUR_MEMBER', '没有找到这位家庭成员，可能已经删除。请刷新列表。');
      }
      await ref.remove();
      if (member.guardianClaim) await releaseGuardianship(t, member.idNumber.hash, member._id);
      await collection('users', t)
        .doc(caller.openid)
        .update({ data: { memberCount: db.command.inc(-1) } });
      await audit(
        {
          action: 'member.remove',
          actor: caller.openid,
          subject: req.memberId,
          fields: ['name', 'idNumber'],
          at: now,
        },
        t,
      );
      return member.guardianClaim?.proof ?? null;
    });
    await discardProof(proof);
    return { removed: req.memberId };
  },

  async subject(req, { caller, now }): Promise<UserResponses['subject']> {
    const subject = await resolveSubject(caller.openid, req.memberId, now);
    return { self: subject.self, memberId: subject.memberId, person: personView(subject.person) };
  },
} satisfies Partial<Actions<z.output<typeof userRequest>>>;
