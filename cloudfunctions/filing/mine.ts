import type { FilingResponses } from '../core/contracts/filing';
import { type filingRequest } from '../core/contracts/filing';
import { canSee, viewerOf, visibleRecords } from '../core/identity/records';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { beijingDate } from '../core/rules/beijingTime';
import { qrMatrix } from '../core/rules/qrModules';
import { filingPolicyOf, view } from './views';

/** The filings a caller may see, and one with its certificate's QR code. */
export const mineActions = {
  async mine(req, ctx): Promise<FilingResponses['mine']> {
    const viewer = await viewerOf(ctx.caller.openid);
    const { rows, total, nextCursor } = await visibleRecords('filings', viewer, {
      ...req,
      memberId: req.forMemberId,
    });
    const today = beijingDate(ctx.now);
    return { filings: rows.map((f) => view(f, filingPolicyOf(f.cityCode).policy, today, viewer)), total, nextCursor };
  },

  async detail(req, ctx): Promise<FilingResponses['detail']> {
    const viewer = await viewerOf(ctx.caller.openid);
    const f = await collection('filings').doc(req.filingId).get();
    if (!f || !canSee(f, viewer)) throw new DomainError('NOT_FOUND', '没有找到这条备案。请在“我的备案”中查看。');
    return { filing: view(f, filingPolicyOf(f.cityCode).policy, beijingDate(ctx.now), viewer), qr: qrMatrix(f._id) };
  },
} satisfies ActionsFor<typeof filingRequest>;
