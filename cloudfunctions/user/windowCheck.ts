import type { WindowCheckDoc } from '../core/documents/identity';
import { collection } from '../core/platform/collection';
import { randomInt } from 'node:crypto';
import { ID_TYPES } from '../../miniprogram/shared/personal';
import { audit } from '../core/platform/audit';
import { getDb, isTransactionConflict, type Txn } from '../core/platform/sdk';
import type { UserResponses } from '../core/contracts/user';
import { type userRequest } from '../core/contracts/user';
import { DomainError } from '../core/platform/envelope';
import type { Actions } from '../core/platform/handler';
import { profileView, userDoc } from '../core/identity/people';
import { unseal } from '../core/identity/personalData';
import { cityByCode } from '../core/policies';
import { takeDailyQuota } from '../core/platform/dailyQuota';
import { beijingDate, toBeijingIso } from '../core/rules/beijingTime';
import { qrMatrix } from '../core/rules/qrModules';
import { staffOf } from '../core/identity/staff';
import type { z } from 'zod';
import { bindIdentity, heldElsewhere } from './verification';

export const WINDOW_CODE_MINUTES = 10;
const WINDOW_CODES_PER_DAY = 10;
const NO_CODE = () =>
  new DomainError('NOT_FOUND', '没有找到这个核验码，或已超过 10 分钟有效期、已使用。请让办事人在手机上重新生成。');

async function pendingCheck(t: Txn | ReturnType<typeof getDb>, code: string, now: Date) {
  const check = await collection('window_checks', t).doc(code).get();
  if (!check || check.state !== 'pending' || check.expiresAt.getTime() <= now.getTime()) throw NO_CODE();
  return check;
}

export const windowCheckActions = {
  /** The person: a one-time code for the window, for exactly the profile saved now. */
  async startWindowCheck(_req, { caller, now }): Promise<UserResponses['startWindowCheck']> {
    const user = await userDoc(caller.openid);
    const profile = user?.profile;
    if (!profile) throw new DomainError('PROFILE_REQUIRED', '请先填写本人信息，再到窗口核验。');
    if (profile.verifiedAt) throw new DomainError('CONFLICT', '您已完成实人认证，不需要再到窗口核验。');
    const expiresAt = new Date(now.getTime() + WINDOW_CODE_MINUTES * 60_000);
    // 8 random digits: a code in use is drawn again (one in millions), inside the transaction that stores it.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
      const created = await getDb().runTransaction(async (t: Txn) => {
        const ref = collection('window_checks', t).doc(code);
        if (await ref.get()) return false;
        const day = beijingDate(now);
        if (!(await takeDailyQuota(t, 'verification_quotas', [`window:${caller.openid}`], day, WINDOW_CODES_PER_DAY)))
          throw new DomainError('RATE_LIMITED', `今天已生成 ${WINDOW_CODES_PER_DAY} 次核验码，请明天再试。`);
        const doc: Omit<WindowCheckDoc, '_id'> = {
          openid: caller.openid,
          nameHash: profile.name.hash,
          idHash: profile.idNumber.hash,
          createdAt: now,
          expiresAt,
          state: 'pending',
        };
        await ref.set({ data: doc });
        return true;
      }, 8);
      if (created) return { code, expiresAt: toBeijingIso(expiresAt), qr: qrMatrix(code) };
    }
    throw new DomainError('CONFLICT', '核验码生成繁忙，请稍后再试。');
  },

  /** Staff: what the person typed, to compare with the physical document (the read of the name is audited). */
  async windowCheck(req, { caller, now }): Promise<UserResponses['windowCheck']> {
    const staff = await staffOf(caller.openid);
    const check = await pendingCheck(getDb(), req.code, now);
    const profile = (await userDoc(check.openid))?.profile;
    if (!profile || profile.cityCode !== staff.cityCode) throw NO_CODE();
    await audit({
      action: 'personal.read',
      actor: caller.openid,
      subject: `account:${check.openid}`,
      fields: ['name'],
      at: now,
      purpose: 'identity.windowCheck',
    });
    return {
      name: unseal('name', profile.name.enc),
      idType: ID_TYPES.find((t) => t.value === profile.idType)!.label,
      idNumber: profile.idNumber.masked,
      cityName: cityByCode(profile.cityCode)?.name ?? profile.cityCode,
      expiresAt: toBeijingIso(check.expiresAt),
    };
  },

  /** Staff: the document matches; the profile is verified, in one transaction with the check of what it holds. */
  async confirmWindowCheck(req, { caller, now }): Promise<UserResponses['confirmWindowCheck']> {
    const staff = await staffOf(caller.openid);
    const first = await pendingCheck(getDb(), req.code, now);
    const released = await heldElsewhere(first.openid, first.idHash);
    try {
      await getDb().runTransaction(async (t: Txn) => {
        const check = await pendingCheck(t, req.code, now);
        const user = await collection('users', t).doc(check.openid).get();
        const profile = user?.profile;
        if (!profile || profile.cityCode !== staff.cityCode) throw NO_CODE();
        // The profile as it is now: changed since the code was made, it is not what the person showed.
        if (profile.name.hash !== check.nameHash || profile.idNumber.hash !== check.idHash)
          throw new DomainError(
            'VERIFICATION_EXPIRED',
            '生成核验码后办事人修改了姓名或证件号码。请让办事人重新生成核验码。',
          );
        await collection('window_checks', t)
          .doc(req.code)
          .update({ data: { state: 'confirmed', confirmedBy: { staff: caller.openid, window: req.window, at: now } } });
        await bindIdentity(t, check.openid, check.idHash, released, now, {
          kind: 'window',
          window: req.window,
          staff: caller.openid,
        });
        await audit(
          {
            action: 'identity.verify',
            actor: caller.openid,
            subject: `account:${check.openid}`,
            fields: [],
            at: now,
            outcome: 'window',
            purpose: req.window,
          },
          t,
        );
      }, 8);
    } catch (error) {
      if (!isTransactionConflict(error)) throw error;
      throw new DomainError('CONFLICT', '同一时间有其他修改正在处理，请再点一次“核验通过”。');
    }
    const profile = (await userDoc(first.openid))!.profile!;
    return { verifiedHow: profileView(profile).verifiedHow! };
  },
} satisfies Partial<Actions<z.output<typeof userRequest>>>;
