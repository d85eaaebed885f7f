import type { RatingResponses } from '../core/contracts/rating';
import { type ratingRequest } from '../core/contracts/rating';
import type { RatingDoc } from '../core/documents/rating';
import { unseal } from '../core/identity/personalData';
import { staffOf } from '../core/identity/staff';
import { audit } from '../core/platform/audit';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { pageOf } from '../core/platform/paging';
import { beijingDate } from '../core/rules/beijingTime';
import { staffStep } from './staff';
import { queueItem } from './views';

/** The staff 工作台: bad ratings of the city, claimed, checked, answered, the rater called back. */
export const deskActions = {
  async queue(req, ctx): Promise<RatingResponses['queue']> {
    const staff = await staffOf(ctx.caller.openid);
    const { rows, nextCursor } = await pageOf<RatingDoc>(
      collection('ratings'),
      { cityCode: staff.cityCode, bad: true },
      { field: 'followUp.dueDate', direction: 'asc', kind: 'string' },
      req,
    );
    return { items: rows.map((r) => queueItem(r, beijingDate(ctx.now))), nextCursor };
  },

  claim: (req, ctx) =>
    staffStep(req.ratingId, ctx, 'rating.claim', (r) => {
      if (r.followUp!.claimedBy && r.followUp!.claimedBy !== ctx.caller.openid)
        throw new DomainError('ALREADY_CLAIMED', '这条差评已由其他工作人员认领。');
      return { claimedBy: ctx.caller.openid, state: r.followUp!.state === '待核实' ? '整改中' : r.followUp!.state };
    }),

  resolve: (req, ctx) =>
    staffStep(req.ratingId, ctx, 'rating.resolve', (r) => {
      if (r.followUp!.claimedBy !== ctx.caller.openid) throw new DomainError('NOT_CLAIMED', '请先认领这条差评。');
      return { verification: req.verification, rectification: req.rectification, state: '已整改' };
    }),

  reply: (req, ctx) =>
    staffStep(req.ratingId, ctx, 'rating.reply', (r) => {
      if (r.followUp!.claimedBy !== ctx.caller.openid) throw new DomainError('NOT_CLAIMED', '请先认领这条差评。');
      if (r.followUp!.state !== '已整改') throw new DomainError('NOT_CLAIMED', '请先记录核实和整改情况，再答复。');
      return {
        answer: req.answer,
        repliedAt: ctx.now,
        repliedOnTime: beijingDate(ctx.now) <= r.followUp!.dueDate,
        state: '已回复',
      };
    }),

  /** The full phone number, only where the resident asked for a call back; the read is audited. */
  async contact(req, ctx): Promise<RatingResponses['contact']> {
    const staff = await staffOf(ctx.caller.openid);
    const r = await collection('ratings').doc(req.ratingId).get();
    if (!r || r.cityCode !== staff.cityCode) throw new DomainError('NOT_FOUND', '没有找到这条差评，可能不属于本市。');
    if (r.raterDeletedAt)
      throw new DomainError('NOT_FOUND', '评价人已注销，联系电话已随之删除，无法回访。请直接记录整改和答复。');
    if (!r.callbackPhone) throw new DomainError('NOT_FOUND', '评价人没有要求回访，不能查看联系电话。');
    await audit({
      action: 'rating.contact',
      actor: ctx.caller.openid,
      subject: req.ratingId,
      fields: ['mobile'],
      at: ctx.now,
    });
    return { phone: unseal('mobile', r.callbackPhone.enc) };
  },
} satisfies ActionsFor<typeof ratingRequest>;
