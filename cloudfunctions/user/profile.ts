import { collection } from '../core/platform/collection';
import { randomBytes } from 'node:crypto';
import { maskIdNumber, maskMobile, maskName } from '../../miniprogram/shared/personal';
import { audit } from '../core/platform/audit';
import { getDb, type Txn } from '../core/platform/sdk';
import { CONSENT } from '../core/identity/consent';
import type { UserResponses } from '../core/contracts/user';
import { type userRequest } from '../core/contracts/user';
import { DomainError } from '../core/platform/envelope';
import { type StoredProfile, type UserDoc, profileView, releaseBinding, userDoc } from '../core/identity/people';
import { type Sealed, seal } from '../core/identity/personalData';
import { cityByCode } from '../core/policies';
import { toBeijingIso } from '../core/rules/beijingTime';
import type { z } from 'zod';
import type { Actions } from '../core/platform/handler';

export const NOTICE_TEXT = {
  coGuardian:
    '您为孩子声明的监护已审核通过。另有一位家长或监护人也为同一个孩子声明了监护，也可以为孩子办理。如不是您知道的家人，请带户口簿或出生医学证明到医保窗口处理。',
  idReleased:
    '您之前填写的证件号码已由证件本人完成实人认证，已从本账号移除。如这是您本人的证件，请带身份证到医保窗口处理；如填错了，请重新填写本人信息。',
} as const;

export function requireConsent(user: UserDoc | null): void {
  if (user?.consent?.version !== CONSENT.version) {
    throw new DomainError('CONSENT_REQUIRED', '填写证件号码前，请先阅读并同意《个人信息收集与使用告知》。');
  }
}

export function requireServedCity(cityCode: string): void {
  if (!cityByCode(cityCode)) {
    throw new DomainError('VALIDATION_FAILED', '参保地暂未开通', {
      fieldErrors: { cityCode: ['暂不支持该参保地，请选择已开通的城市'] },
    });
  }
}

export const sealName = (v: string) => seal('name', v, maskName);
export const sealId = (v: string) => seal('idNumber', v, maskIdNumber);
export const sealMobile = (v: string) => seal('mobile', v, maskMobile);

/** The person's own profile: what they see, their consent, the profile itself, and deleting it. */
export const profileActions = {
  async me(_req, { caller }): Promise<UserResponses['me']> {
    const user = await userDoc(caller.openid);
    const given = user?.consent ? { version: user.consent.version, at: user.consent.at.toISOString() } : null;
    return {
      profile: user?.profile ? profileView(user.profile) : null,
      notices: (user?.notices ?? []).map((n) => ({
        kind: n.kind,
        at: toBeijingIso(n.at),
        message: NOTICE_TEXT[n.kind],
      })),
      consent: { current: CONSENT, given, upToDate: given?.version === CONSENT.version },
    };
  },

  async consent(req, { caller, now }): Promise<UserResponses['consent']> {
    const db = getDb();
    await db.runTransaction(async (t: Txn) => {
      const ref = collection('users', t).doc(caller.openid);
      const existing = await ref.get();
      const consent = { version: req.version, at: now };
      if (existing) await ref.update({ data: { consent: db.command.set(consent) } });
      else await ref.set({ data: { consent, memberCount: 0 } });
      await audit({ action: 'consent.give', actor: caller.openid, subject: 'self', fields: [], at: now }, t);
    });
    return { version: req.version, at: now.toISOString() };
  },

  async updateProfile(req, { caller, now }): Promise<UserResponses['updateProfile']> {
    requireServedCity(req.cityCode);
    const name = sealName(req.name);
    const newId: Sealed | null = req.idNumber ? sealId(req.idNumber) : null;
    const mobile = req.mobile ? sealMobile(req.mobile) : null;
    const written = ['name', ...(req.idNumber ? ['idNumber'] : []), ...(req.mobile ? ['mobile'] : [])];
    const db = getDb();
    // One read-and-write transaction: what the change is measured against (still verified or not) is what it
    // replaces, even while a face check of this account is being confirmed (verification.ts reads it too).
    const profile = await db.runTransaction(async (t: Txn) => {
      const ref = collection('users', t).doc(caller.openid);
      const before = await ref.get();
      requireConsent(before);
      const old = before?.profile;
      if (!old && !newId) {
        throw new DomainError('VALIDATION_FAILED', '请填写证件号码', {
          fieldErrors: { idNumber: ['首次填写需要证件号码'] },
        });
      }
      if (!old?.mobile && !mobile) {
        throw new DomainError('VALIDATION_FAILED', '请填写手机号码', {
          fieldErrors: { mobile: ['首次填写需要手机号码，用于办理进度联系'] },
        });
      }
      const idNumber = !newId || (old && old.idNumber.hash === newId.hash) ? old!.idNumber : newId;
      // A verification holds for the name + ID it was made for: changing either needs a new one.
      const stillVerified =
        old && old.idNumber === idNumber && old.name.hash === name.hash && old.idType === req.idType
          ? (old.verifiedAt ?? null)
          : null;
      const verifiedBy = stillVerified ? (old?.verifiedBy ?? null) : null;
      const next: StoredProfile = {
        name,
        idType: req.idType,
        idNumber,
        mobile: mobile ?? old!.mobile,
        cityCode: req.cityCode,
        scheme: req.scheme,
        category: req.category,
        updatedAt: now,
        verifiedAt: stillVerified,
        verifiedBy,
      };
      // The number binds to this account only when its owner passes 人脸核身 (verification.ts); a profile that
      // stops being verified gives its binding up.
      if (old?.verifiedAt && !stillVerified) await releaseBinding(t, old.idNumber.hash, caller.openid);
      await ref.update({ data: { profile: db.command.set(next), notices: [] } });
      await audit({ action: 'profile.write', actor: caller.openid, subject: 'self', fields: written, at: now }, t);
      return next;
    });
    return { profile: profileView(profile) };
  },

  async deleteProfile(_req, { caller, now }): Promise<UserResponses['deleteProfile']> {
    const db = getDb();
    const user = await userDoc(caller.openid);
    // Each step can be repeated: a retry after a failure half-way finishes the job.
    await collection('members').where({ owner: caller.openid }).remove();
    await collection('verifications').where({ openid: caller.openid }).remove();
    // Official records stay, as the law requires, but no longer name this account or lead back to it (nor
    // send it reminders); records it made for itself stop leading back to its ID number too. The personal
    // values they held beyond the masked forms go: a filing's address and contact phone, a rating's call-back
    // number and comment (staff see 已注销).
    const delinked = `delinked-${randomBytes(12).toString('hex')}`;
    const delink = {
      facility_declarations: { memberId: null, notifyPending: false },
      filings: { memberId: null, remindPending: false, address: null, contactPhone: null },
      ratings: { callbackPhone: null, comment: null, raterDeletedAt: now },
    };
    for (const [name, fields] of Object.entries(delink) as Array<[keyof typeof delink, object]>) {
      await collection(name)
        .where({ owner: caller.openid })
        .update({ data: { owner: delinked, ...fields } });
      if (user?.profile && name !== 'ratings') {
        await collection(name)
          .where({ subjectKey: user.profile.idNumber.hash, owner: delinked })
          .update({ data: { subjectKey: delinked } });
      }
    }
    // The profile and its ID binding go together, in one transaction that re-reads them: a face check confirmed
    // at this moment either lands first (and its binding is released here) or finds no profile and is refused.
    await db.runTransaction(async (t: Txn) => {
      const ref = collection('users', t).doc(caller.openid);
      const current = await ref.get();
      if (current?.profile) await releaseBinding(t, current.profile.idNumber.hash, caller.openid);
      if (current) await ref.remove();
    }, 8);
    await audit({
      action: 'profile.delete',
      actor: caller.openid,
      subject: 'self',
      fields: ['name', 'idNumber', 'mobile'],
      at: now,
    });
    await audit({ action: 'records.delink', actor: caller.openid, subject: 'self', fields: [], at: now });
    return { deleted: true };
  },
} satisfies Partial<Actions<z.output<typeof userRequest>>>;
