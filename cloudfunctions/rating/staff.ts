import type { RatingDoc } from '../core/documents/rating';
import { staffOf } from '../core/identity/staff';
import { audit } from '../core/platform/audit';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import type { ActionContext } from '../core/platform/handler';
import { getDb, type Txn } from '../core/platform/sdk';
import { beijingDate } from '../core/rules/beijingTime';
import { count } from './counts';
import { queueItem } from './views';

/** The staff 工作台: who is staff, and each step on a 差评 (claim, rectify, answer), audited. */

/** A staff step on one 差评 in the staff member's city, in a transaction, audited. */
export async function staffStep(
  ratingId: string,
  ctx: ActionContext,
  action: 'rating.claim' | 'rating.resolve' | 'rating.reply',
  change: (r: RatingDoc) => Partial<NonNullable<RatingDoc['followUp']>>,
) {
  const staff = await staffOf(ctx.caller.openid);
  const db = getDb();
  const updated = await db.runTransaction(async (t: Txn) => {
    const ref = collection('ratings', t).doc(ratingId);
    const r = await ref.get();
    if (!r || !r.followUp || r.cityCode !== staff.cityCode)
      throw new DomainError('NOT_FOUND', '没有找到这条差评，可能不属于本市。');
    const followUp = { ...r.followUp, ...change(r) };
    await ref.update({ data: { followUp: db.command.set(followUp) } });
    if (followUp.repliedOnTime && !r.followUp.repliedOnTime) await count(t, r, 'followedUpInTime');
    await audit({ action, actor: ctx.caller.openid, subject: ratingId, fields: [], at: ctx.now }, t);
    return { ...r, followUp };
  }, 8);
  return { item: queueItem(updated, beijingDate(ctx.now)) };
}
