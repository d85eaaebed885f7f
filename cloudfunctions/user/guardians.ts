import { collection } from '../core/platform/collection';
import { audit } from '../core/platform/audit';
import { getCloud, getDb, isTransactionConflict, type Txn } from '../core/platform/sdk';
import type { GuardianClaimView, UserResponses } from '../core/contracts/user';
import { type userRequest } from '../core/contracts/user';
import { DomainError } from '../core/platform/envelope';
import type { Actions } from '../core/platform/handler';
import { GUARDIANS_PER_CHILD, INVERSE_RELATIONSHIP, userDoc, verifiedSelf } from '../core/identity/people';
import { unseal } from '../core/identity/personalData';
import { staffOf } from '../core/identity/staff';
import { deleteUpload, purgeUploads, registerUpload } from '../core/platform/uploads';
import type { z } from 'zod';

/**
 * A child under 18 is acted for by a parent or legal 监护人 whose relationship document staff have seen: the
 * declarant uploads a photo of the 户口簿 page or 出生医学证明 with the declaration, staff of the child's 参保地
 * approve or refuse it in the 工作台 (the photo is deleted then, the decision audited), and at most two guardians
 * may act for one child, each told of the other. Nothing is done for the child before approval; it lapses at 18.
 */
export const NO_PROOF = '没有找到上传的照片，可能已过期。请重新选择照片上传。';

/** Counts the declaration towards the child's guardians, in the transaction `t` that adds it. */
export async function claimGuardianship(t: Txn, childHash: string, memberId: string): Promise<void> {
  const ref = collection('children', t).doc(childHash);
  const child = await ref.get();
  const guardians = child?.guardians ?? [];
  if (guardians.length >= GUARDIANS_PER_CHILD) {
    throw new DomainError(
      'GUARDIAN_LIMIT',
      `这个孩子已有 ${GUARDIANS_PER_CHILD} 位家长或监护人声明了监护。如有误，请带户口簿或出生医学证明到医保窗口处理。`,
    );
  }
  await ref.set({ data: { guardians: [...guardians, memberId] } });
}

/** Takes a declaration off the child's guardians (refused, or the member entry removed). */
export async function releaseGuardianship(t: Txn, childHash: string, memberId: string): Promise<void> {
  const ref = collection('children', t).doc(childHash);
  const child = await ref.get();
  if (!child) return;
  const guardians = child.guardians.filter((g) => g !== memberId);
  if (guardians.length) await ref.set({ data: { guardians } });
  else await ref.remove();
}

/** The proof photo of a claim, deleted from storage (the timer-free path: on review or removal). */
export async function discardProof(proofId: string | null): Promise<void> {
  if (!proofId) return;
  const upload = await collection('guardian_proofs').doc(proofId).get();
  if (upload) await deleteUpload('guardian_proofs', { ...upload, _id: proofId });
}

async function proofDataUrl(proofId: string | null): Promise<string | null> {
  if (!proofId) return null;
  const upload = await collection('guardian_proofs').doc(proofId).get();
  if (!upload?.fileID) return null;
  try {
    const bytes = (await getCloud().downloadFile({ fileID: upload.fileID })).fileContent as Buffer;
    return `data:image/jpeg;base64,${bytes.toString('base64')}`;
  } catch {
    return null;
  }
}

/** Photos are kept an hour for the declaration they were taken for; one never attached to it goes after that. */
export const PROOF_KEEP_MS = 60 * 60_000;

/** Timer: photos uploaded and never sent with a declaration (the page closed, the declaration refused). */
export const purgeProofs = ({ now }: { now: Date }) =>
  purgeUploads('guardian_proofs', new Date(now.getTime() - PROOF_KEEP_MS));

export const guardianActions = {
  /** Where the declarant uploads the photo: a path registered to them (core/platform/uploads.ts). */
  async guardianProofUpload(_req, { caller, now }): Promise<UserResponses['guardianProofUpload']> {
    const { profile } = await verifiedSelf(caller.openid);
    return registerUpload('guardian_proofs', caller.openid, profile.cityCode, now);
  },

  /** Staff: declarations waiting for review, for children insured in the staff member's city. */
  async guardianClaims(_req, { caller, now }): Promise<UserResponses['guardianClaims']> {
    const staff = await staffOf(caller.openid);
    const pending = await collection('members')
      .where({ 'guardianClaim.state': 'pending', cityCode: staff.cityCode })
      .orderBy('addedAt', 'asc')
      .limit(20)
      .get();
    const claims: GuardianClaimView[] = [];
    for (const m of pending) {
      const declarant = await userDoc(m.owner);
      claims.push({
        memberId: m._id,
        // The child's full name, to compare with the document in the photo; the read is audited.
        childName: unseal('name', m.name.enc),
        childIdNumber: m.idNumber.masked,
        declaredAs: INVERSE_RELATIONSHIP[m.relationship],
        declarantName: declarant?.profile?.name.masked ?? '（已删除资料的账号）',
        submittedAt: m.addedAt.toISOString(),
        proof: await proofDataUrl(m.guardianClaim?.proof ?? null),
      });
      await audit({
        action: 'personal.read',
        actor: caller.openid,
        subject: m._id,
        fields: ['name'],
        at: now,
        purpose: 'guardian.review',
      });
    }
    return { claims };
  },

  /** Staff: approve (the guardian may act from now on) or refuse with a reason; the photo goes either way. */
  async reviewGuardianClaim(req, { caller, now }): Promise<UserResponses['reviewGuardianClaim']> {
    const staff = await staffOf(caller.openid);
    if (!req.approve && !req.reason)
      throw new DomainError('VALIDATION_FAILED', '请填写不通过的原因', {
        fieldErrors: { reason: ['告诉申请人哪里不符合，例如照片看不清、材料与填写的孩子不一致'] },
      });
    const db = getDb();
    let proof: string | null = null;
    let others: string[] = [];
    try {
      await db.runTransaction(async (t: Txn) => {
        const ref = collection('members', t).doc(req.memberId);
        const m = await ref.get();
        if (!m || m.guardianClaim?.state !== 'pending' || m.cityCode !== staff.cityCode)
          throw new DomainError('NOT_FOUND', '没有找到这份待审核的监护声明，可能已审核或不属于本市。');
        proof = m.guardianClaim.proof;
        const reviewed = { ...m.guardianClaim, proof: null, reviewedBy: caller.openid, reviewedAt: now };
        if (req.approve) {
          await ref.update({
            data: {
              guardianClaim: db.command.set({ ...reviewed, state: 'approved' }),
              authorization: db.command.set({ by: 'guardian', at: now }),
            },
          });
          const child = await collection('children', t).doc(m.idNumber.hash).get();
          others = (child?.guardians ?? []).filter((g) => g !== m._id);
        } else {
          await ref.update({
            data: { guardianClaim: db.command.set({ ...reviewed, state: 'refused', reason: req.reason }) },
          });
          await releaseGuardianship(t, m.idNumber.hash, m._id);
        }
        await audit(
          {
            action: 'guardian.review',
            actor: caller.openid,
            subject: m._id,
            fields: [],
            at: now,
            outcome: req.approve ? 'approved' : 'refused',
          },
          t,
        );
        // Each guardian is told of the other: the accounts of both declarations.
        if (req.approve && others.length) {
          const owners = [m.owner];
          for (const other of others) {
            const o = await collection('members', t).doc(other).get();
            if (o) owners.push(o.owner);
          }
          for (const owner of owners) {
            const u = collection('users', t).doc(owner);
            const user = await u.get();
            if (user) await u.update({ data: { notices: db.command.push([{ kind: 'coGuardian', at: now }]) } });
          }
        }
      }, 8);
    } catch (error) {
      if (!isTransactionConflict(error)) throw error;
      throw new DomainError('CONFLICT', '同一时间有其他修改正在处理，请再点一次。');
    }
    await discardProof(proof);
    return { memberId: req.memberId, state: req.approve ? 'approved' : 'refused' };
  },
} satisfies Partial<Actions<z.output<typeof userRequest>>>;
