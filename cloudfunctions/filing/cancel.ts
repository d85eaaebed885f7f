import { early } from '../core/platform/early';
import type { FilingResponses } from '../core/contracts/filing';
import { type filingRequest } from '../core/contracts/filing';
import { canSee, viewerOf } from '../core/identity/records';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { getDb, type Txn } from '../core/platform/sdk';
import { beijingDate } from '../core/rules/beijingTime';
import { filingStatus } from '../core/rules/filingStatus';
import { requireUnlocked } from './submit';
import { filingPolicyOf, view } from './views';

/** Cancelling a filing, in one transaction with the person's filing state. */
export const cancelActions = {
  async cancel(req, ctx): Promise<FilingResponses['cancel']> {
    const db = getDb();
    // Read with the caller (one round trip) only to know whose state to read with it in the transaction;
    // nothing is answered from it before the caller's proof and ownership are checked.
    const known = early(collection('filings').doc(req.filingId).get());
    const viewer = await viewerOf(ctx.caller.openid);
    const guess = await known;
    const today = beijingDate(ctx.now);
    const doc = await db.runTransaction(async (t: Txn) => {
      const ref = collection('filings', t).doc(req.filingId);
      const [f, stateRead] = await Promise.all([
        ref.get(),
        guess ? collection('filing_states', t).doc(guess.subjectKey).get() : null,
      ]);
      if (!f || !canSee(f, viewer)) throw new DomainError('NOT_FOUND', '没有找到这条备案。请在“我的备案”中查看。');
      if (f.cancelledAt) return f;
      if (f.result === 'rejected') throw new DomainError('CANNOT_WITHDRAW', '这条备案未通过，无需撤销。');
      const { policy } = filingPolicyOf(f.cityCode);
      const status = filingStatus({ validFrom: f.validFrom, validUntil: f.validUntil, cancelled: false }, today);
      if (status === '已过期') throw new DomainError('CANNOT_WITHDRAW', '这条备案已过期，无需撤销。');
      requireUnlocked(policy, f, today, '撤销');
      // The state read above is the filing's own unless it was unknown or changed meanwhile (then read now).
      const state =
        guess?.subjectKey === f.subjectKey ? stateRead : await collection('filing_states', t).doc(f.subjectKey).get();
      const filings = (state?.filings ?? []).map((s) => (s.id === f._id ? { ...s, cancelled: true } : s));
      await Promise.all([
        collection('filing_states', t).doc(f.subjectKey).set({ data: { filings } }),
        ref.update({ data: { cancelledAt: ctx.now, remindPending: false } }),
      ]);
      return { ...f, cancelledAt: ctx.now, remindPending: false };
    }, 12);
    return { filing: view(doc, filingPolicyOf(doc.cityCode).policy, today, viewer) };
  },
} satisfies ActionsFor<typeof filingRequest>;
