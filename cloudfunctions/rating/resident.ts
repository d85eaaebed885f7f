import type { RatingResponses } from '../core/contracts/rating';
import { type ratingRequest } from '../core/contracts/rating';
import type { RatingDoc } from '../core/documents/rating';
import { verifiedSelf } from '../core/identity/people';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { pageOf } from '../core/platform/paging';
import { beijingDate, toBeijingIso } from '../core/rules/beijingTime';
import { scaleOf } from '../core/rules/rating';
import { declarationService, filingService } from './submit';
import { early } from '../core/platform/early';
import { view } from './views';

/** A resident's side: what is waiting to be rated, their ratings, and whether a follow-up satisfied them. */
export const residentActions = {
  async pending(_req, ctx): Promise<RatingResponses['pending']> {
    // The caller's own records are read with the caller (one round trip); the proof is still checked first.
    const lists = early(
      Promise.all([
        collection('facility_declarations').where({ owner: ctx.caller.openid, result: 'accepted' }).limit(100).get(),
        collection('filings').where({ owner: ctx.caller.openid, result: 'accepted' }).limit(100).get(),
        collection('ratings').where({ owner: ctx.caller.openid }).field({ _id: true }).limit(1000).get(),
      ]),
    );
    await verifiedSelf(ctx.caller.openid);
    const [declarations, filings, rated] = await lists;
    const done = new Set(rated.map((r) => r._id));
    const services = [
      ...declarations.map((d) => ({ ref: { kind: 'declaration' as const, id: d._id }, s: declarationService(d) })),
      // A filing the person cancelled is not offered (it reads like the one filed again); one replaced by a
      // 变更 is, as the service it was.
      ...filings
        .filter((f) => !f.cancelledAt || f.replacedBy)
        .map((f) => ({ ref: { kind: 'filing' as const, id: f._id }, s: filingService(f) })),
    ].filter(({ ref }) => !done.has(`${ref.kind}:${ref.id}`));
    const items = services.map(({ ref, s }) => ({
      serviceRef: ref,
      title: s.title,
      detail: s.detail,
      completedAt: toBeijingIso(s.completedAt),
    }));
    return { items, scale: scaleOf('online') };
  },

  async mine(req, ctx): Promise<RatingResponses['mine']> {
    await verifiedSelf(ctx.caller.openid);
    const { rows, nextCursor } = await pageOf<RatingDoc>(
      collection('ratings'),
      { owner: ctx.caller.openid },
      { field: 'submittedAt', direction: 'desc', kind: 'date' },
      req,
    );
    return { ratings: rows.map((r) => view(r, beijingDate(ctx.now))), nextCursor };
  },

  async confirm(req, ctx): Promise<RatingResponses['confirm']> {
    await verifiedSelf(ctx.caller.openid);
    const r = await collection('ratings').doc(req.ratingId).get();
    if (!r || r.owner !== ctx.caller.openid) throw new DomainError('NOT_FOUND', '没有找到这条评价。');
    if (r.followUp?.state !== '已回复') throw new DomainError('NOT_CLAIMED', '工作人员答复后，才能评价整改结果。');
    await collection('ratings')
      .doc(req.ratingId)
      .update({ data: { 'followUp.residentSatisfied': req.satisfied } });
    return {
      rating: view({ ...r, followUp: { ...r.followUp, residentSatisfied: req.satisfied } }, beijingDate(ctx.now)),
    };
  },
} satisfies ActionsFor<typeof ratingRequest>;
