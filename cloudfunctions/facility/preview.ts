import type { FacilityResponses } from '../core/contracts/facility';
import { type facilityRequest } from '../core/contracts/facility';
import { refusal } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { templateId } from '../core/platform/subscribeMessages';
import { emptyState } from '../core/rules/facility';
import { judge } from './judge';
import { institution, stateOf } from './loaders';
import { facilitySubject } from './subject';
import { previewSummary } from './views';

/** The dry run the confirm page shows before anything is submitted. */
export const previewActions = {
  async preview(req, ctx): Promise<FacilityResponses['preview']> {
    const who = await facilitySubject(ctx.caller.openid, req.memberId, ctx.now);
    const [inst, state] = await Promise.all([institution(req.code), stateOf(who.subjectKey, req.kind)]);
    const { decision: d, replaced } = judge(who, state ?? emptyState(who.policy), req.op, inst, ctx.now, req.slot);
    return {
      allowed: d.allowed,
      op: d.op,
      slot: d.slot,
      kind: d.kind,
      reasons: d.reasons,
      effectiveFrom: d.effectiveFrom,
      nextPossibleAt: d.nextPossibleAt,
      summary: d.allowed ? previewSummary(d, ctx.now) : refusal(d.reasons, d.nextPossibleAt).message,
      replaces: req.op === 'change' && replaced ? { code: replaced.code, name: replaced.name } : null,
      institution: { code: inst.code, name: inst.name, sample: inst.sample },
      forWhom: who.forWhom,
      subscribeTemplateId: templateId('facilityEffective'),
    };
  },
} satisfies ActionsFor<typeof facilityRequest>;
