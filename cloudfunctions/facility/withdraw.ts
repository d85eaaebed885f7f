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
    const viewer = await viewerOf(ctx.caller.openid);
    const doc = await db.runTransaction(async (t: Txn) => {
      const ref = collection('facility_declarations', t).doc(req.declarationId);
      const d = await ref.get();
      if (!d || !canSee(d, viewer)) throw new DomainError('NOT_FOUND', '没有找到这条申报。请刷新后再试。');
      if (d.result === 'withdrawn') return d; // a repeated withdraw answers the same
      const { policy } = facilityOf(d.cityCode);
      const stateRef = collection('facility_states', t).doc(`${d.subjectKey}:${d.kind}`);
      const state = await stateRef.get();
      const undone = d.result === 'accepted' && state ? withdraw(policy, state, d._id, ctx.now) : null;
      if (!undone) {
        throw new DomainError(
          'CANNOT_WITHDRAW',
          d.result === 'rejected'
            ? '这条申报未通过，无需撤回。'
            : '这项变更已经生效，不能撤回。如需更换，请重新办理变更。',
        );
      }
      await stateRef.set({
        data: {
          cityCode: d.cityCode,
          kind: d.kind,
          slots: undone.state.slots,
          changesByMonth: undone.state.changesByMonth,
        },
      });
      const updated: DeclarationDoc = { ...d, result: 'withdrawn', withdrawnAt: ctx.now, notifyPending: false };
      await ref.update({ data: { result: 'withdrawn', withdrawnAt: ctx.now, notifyPending: false } });
      return updated;
    }, 12);
    return { declaration: declarationView(doc, ctx.now, viewer) };
  },
} satisfies ActionsFor<typeof facilityRequest>;
