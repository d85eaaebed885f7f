import { randomBytes } from 'node:crypto';
import { getDb, getIfExists, type Txn, isTransactionConflict } from '../core/platform/sdk';
import { DomainError, refusal } from '../core/platform/envelope';
import { type ActionContext } from '../core/platform/handler';
import { resolveSubject } from '../core/identity/people';
import type { SelectionKind } from '../core/policies/schema';
import { type Candidate, type Decision, type Op, apply, decide, emptyState, settle } from '../core/rules/facility';
import type { DeclarationDoc, StateDoc } from '../core/documents/facility';
import { facilityOf, institution, declarationView } from './views';
import { oncePerRequest } from '../core/platform/oncePerRequest';
import { SCHEME_LABELS } from '../../miniprogram/shared/insurance';

export const newId = () => randomBytes(12).toString('hex');

/** Whose selection, and the facts the rules need: the caller's own, or a family member's. */
export async function subjectFor(openid: string, memberId: string | undefined, now: Date) {
  const subject = await resolveSubject(openid, memberId, now);
  const { city, policy } = facilityOf(subject.person.cityCode);
  if (policy.scheme !== 'any' && policy.scheme !== subject.person.scheme) {
    throw new DomainError(
      'NOT_OFFERED',
      `${city.name}的在线选点/变更面向${SCHEME_LABELS[policy.scheme]}参保人。其他人员请到医保窗口办理。`,
    );
  }
  return {
    subjectKey: subject.person.idNumber.hash,
    memberId: subject.memberId,
    forWhom: subject.forWhom,
    actedBy: subject.actedBy,
    city,
    policy,
  };
}

/** select and change: one transaction over the person's state, so concurrent submits cannot both win. */
export async function submit(
  op: Op,
  req: { kind: SelectionKind; code: string; slot?: number; memberId?: string; requestId: string; subscribe: boolean },
  ctx: ActionContext,
) {
  const db = getDb();
  const declarations = db.collection('facility_declarations');
  const once = oncePerRequest<DeclarationDoc, ReturnType<typeof repeatResult>>(
    'facility_declarations',
    ctx.caller.openid,
    req.requestId,
    (d) => repeatResult(d, ctx.now),
  );
  const repeat = await once.replay();
  if (repeat) return repeat;

  const who = await subjectFor(ctx.caller.openid, req.memberId, ctx.now);
  const kind = who.policy.kinds.find((k) => k.id === req.kind);
  if (!kind) throw new DomainError('NOT_OFFERED', '本市没有这类选点。');
  if (!kind.online) throw new DomainError('NOT_OFFERED', kind.offlineNote ?? `${kind.name}选点请到窗口办理。`);
  const inst = await institution(req.code);
  const candidate: Candidate = { code: inst.code, name: inst.name, type: inst.type, cityCode: inst.cityCode };
  const stateId = `${who.subjectKey}:${req.kind}`;
  const base = {
    owner: ctx.caller.openid,
    requestId: req.requestId,
    subjectKey: who.subjectKey,
    memberId: who.memberId,
    forWhom: who.forWhom,
    actedBy: who.actedBy,
    cityCode: who.city.code,
    kind: req.kind,
    op,
    institution: { code: inst.code, name: inst.name },
    submittedAt: ctx.now,
    withdrawnAt: null,
  };

  let outcome: { decision: Decision; doc?: DeclarationDoc };
  try {
    outcome = await db.runTransaction(async (t: Txn) => {
      const ref = t.collection('facility_states').doc(stateId);
      const state = (await getIfExists<StateDoc>(ref)) ?? {
        ...emptyState(who.policy),
        _id: stateId,
        cityCode: who.city.code,
        kind: req.kind,
      };
      const decision = decide(who.policy, who.city.code, state, op, candidate, ctx.now, req.slot);
      if (!decision.allowed) return { decision };
      const id = newId();
      const slotBefore = settle(state, ctx.now).slots.find((s) => s.slot === decision.slot);
      const previous = slotBefore?.pending ?? slotBefore?.current ?? null;
      const next = apply(who.policy, state, decision, candidate, id, ctx.now);
      const effectiveFrom = new Date(decision.effectiveFrom!);
      const doc: DeclarationDoc = {
        ...base,
        _id: id,
        slot: decision.slot,
        previous: previous ? { code: previous.code, name: previous.name } : null,
        result: 'accepted',
        reasons: [],
        effectiveFrom,
        notifyPending: req.subscribe,
      };
      await ref.set({
        data: { cityCode: who.city.code, kind: req.kind, slots: next.slots, changesByMonth: next.changesByMonth },
      });
      const { _id, ...fields } = doc;
      await t.collection('facility_declarations').doc(_id).set({ data: fields });
      return { decision, doc };
    }, 12);
  } catch (error) {
    const twin = await once.twinAfter(error);
    if (twin) return twin;
    if (!isTransactionConflict(error)) throw error;
    // Still contended after retries: decide again on the settled state; a refusal is the honest answer.
    const state =
      (await getIfExists<StateDoc>(db.collection('facility_states').doc(stateId))) ?? emptyState(who.policy);
    const decision = decide(who.policy, who.city.code, state, op, candidate, ctx.now, req.slot);
    if (decision.allowed)
      throw new DomainError('CONFLICT', '同一时间有其他申报正在处理，请稍后再提交一次（不会重复办理）。');
    outcome = { decision };
  }

  if (!outcome.doc) {
    // A refusal is recorded too (申报信息状态查询 shows it as 未通过), and a retry gets the same answer.
    const rejected: DeclarationDoc = {
      ...base,
      _id: newId(),
      slot: outcome.decision.slot,
      previous: null,
      result: 'rejected',
      reasons: outcome.decision.reasons,
      nextPossibleAt: outcome.decision.nextPossibleAt,
      effectiveFrom: null,
      notifyPending: false,
    };
    try {
      const { _id, ...fields } = rejected;
      await declarations.doc(_id).set({ data: fields });
    } catch (error) {
      const twin = await once.twinAfter(error);
      if (twin) return twin;
      throw error;
    }
    throw refusal(outcome.decision.reasons, outcome.decision.nextPossibleAt);
  }
  return { declaration: declarationView(outcome.doc, ctx.now) };
}

export function repeatResult(d: DeclarationDoc, now: Date) {
  if (d.result === 'rejected') throw refusal(d.reasons, d.nextPossibleAt ?? null);
  return { declaration: declarationView(d, now) };
}
