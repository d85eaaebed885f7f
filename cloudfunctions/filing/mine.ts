import { serviceItemView } from '../core/catalog/view';
import type { FilingResponses, FilingView } from '../core/contracts/filing';
import { type filingRequest } from '../core/contracts/filing';
import { canSee, viewerOf, visibleRecords } from '../core/identity/records';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { beijingDate } from '../core/rules/beijingTime';
import { qrMatrix } from '../core/rules/qrModules';
import { reminderView } from './reminderSubscription';
import { filingPolicyOf, view } from './views';

/**
 * 到院怎么结算: what to bring, what to say, and the card check where the city's catalogue item asks for one
 * (太原: 卡环境检测) — said once, from the item, never retyped here.
 */
export function atHospital(f: FilingView, reminders: string[]): string[] {
  const settle = f.scope === '跨省' ? '跨省直接结算' : '异地就医直接结算';
  return [
    '带上本人社会保障卡或医保电子凭证，挂号、入院和结算时出示。',
    `告诉医院已办理异地就医备案（备案编号 ${f.filingId}，就医地${f.destination.name}），要求${settle}；需要时出示本凭证。`,
    ...reminders.filter((r) => r.includes('卡环境检测')),
    `先确认医院已开通${settle}：可在下方查看${f.destination.name}可直接结算的医院。没开通的，要先全额自付，回参保地再报销。`,
  ];
}

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
    // Who is asking and the filing are read together; the type's catalogue item (its card check) after.
    const [viewer, f] = await Promise.all([viewerOf(ctx.caller.openid), collection('filings').doc(req.filingId).get()]);
    if (!f || !canSee(f, viewer)) throw new DomainError('NOT_FOUND', '没有找到这条备案。请在“我的备案”中查看。');
    const item = await collection('services').doc(f.typeCode).get();
    const filing = view(f, filingPolicyOf(f.cityCode).policy, beijingDate(ctx.now), viewer);
    return {
      filing,
      qr: qrMatrix(f._id),
      atHospital: atHospital(filing, item ? serviceItemView(item).reminders : []),
      reminder: reminderView(f, ctx.caller.openid, beijingDate(ctx.now)),
    };
  },
} satisfies ActionsFor<typeof filingRequest>;
