import { early } from '../core/platform/early';
import { stateId, stateOf } from './loaders';
import type { FacilityResponses } from '../core/contracts/facility';
import { type facilityRequest } from '../core/contracts/facility';
import type { DeclarationDoc } from '../core/documents/facility';
import { canSee, viewerOf } from '../core/identity/records';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { getDb, type Txn } from '../core/platform/sdk';
import { withdraw } from '../core/rules/facility';
import { facilityOf } from './subject';
import { declarationView } from './views';

/** Withdrawing a change before it takes effect, in one transaction with the person's state. */
export const withdrawActions = {
  async withdraw(req, ctx): Promise<FacilityResponses['withdraw']> {
    const db = getDb();
    // Read with the caller (one round trip) only to know which state to read with it in the transaction;
    // nothing is answered from it before the caller's proof and ownership are checked.
    // The transaction starts in that same round trip; the caller is checked before anything in it is read.
    const known = early(collection('facility_declarations').doc(req.declarationId).get());
    const caller = early(viewerOf(ctx.caller.openid));
    const doc = await db.runTransaction(async (t: Txn) => {
      const viewer = await caller;
      const guess = await known;
      const ref = collection('facility_declarations', t).doc(req.declarationId);
      const [d, stateRead] = await Promise.all([ref.get(), guess ? stateOf(guess.subjectKey, guess.kind, t) : null]);
      if (!d || !canSee(d, viewer)) throw new DomainError('NOT_FOUND', '没有找到这条申报。请刷新后再试。');
      if (d.result === 'withdrawn') return d; // a repeated withdraw answers the same
      const { policy } = facilityOf(d.cityCode);
      const stateRef = collection('facility_states', t).doc(stateId(d.subjectKey, d.kind));
      // The state read above is the declaration's own unless it was unknown or changed meanwhile (then read now).
      const same = guess?.subjectKey === d.subjectKey && guess?.kind === d.kind;
      const state = same ? stateRead : await stateRef.get();
      const undone = d.result === 'accepted' && state ? withdraw(policy, state, d._id, ctx.now) : null;
      if (!undone) {
        throw new DomainError(
          'CANNOT_WITHDRAW',
          d.result === 'rejected'
            ? '这条申报未通过，无需撤回。'
            : '这项变更已经生效，不能撤回。如需更换，请重新办理变更。',
        );
      }
      const updated: DeclarationDoc = { ...d, result: 'withdrawn', withdrawnAt: ctx.now, notifyPending: false };
      await Promise.all([
        stateRef.set({
          data: {
            cityCode: d.cityCode,
            kind: d.kind,
            slots: undone.state.slots,
            changesByMonth: undone.state.changesByMonth,
          },
        }),
        ref.update({ data: { result: 'withdrawn', withdrawnAt: ctx.now, notifyPending: false } }),
      ]);
      return updated;
    }, 12);
    return { declaration: declarationView(doc, ctx.now, await caller) };
  },
} satisfies ActionsFor<typeof facilityRequest>;
