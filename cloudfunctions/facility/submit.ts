import { early } from '../core/platform/early';
import { randomBytes } from 'node:crypto';
import { type facilityRequest } from '../core/contracts/facility';
import type { DeclarationDoc } from '../core/documents/facility';
import { collection } from '../core/platform/collection';
import { DomainError, refusal } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { type ActionContext } from '../core/platform/handler';
import { oncePerRequest } from '../core/platform/oncePerRequest';
import { type Txn, getDb, isTransactionConflict } from '../core/platform/sdk';
import type { SelectionKind } from '../core/policies/schema';
import { type Decision, type Op, apply, emptyState } from '../core/rules/facility';
import { judge } from './judge';
import { institution, stateId, stateOf } from './loaders';
import { facilitySubject } from './subject';
import { declarationView } from './views';

export const newId = () => randomBytes(12).toString('hex');

/** select and change: one transaction over the person's state, so concurrent submits cannot both win. */
export async function submitDeclaration(
  op: Op,
  req: { kind: SelectionKind; code: string; slot?: number; memberId?: string; requestId: string; subscribe: boolean },
  ctx: ActionContext,
) {
  const db = getDb();
  const declarations = collection('facility_declarations');
  const once = oncePerRequest<'facility_declarations', ReturnType<typeof repeatResult>>(
    'facility_declarations',
    ctx.caller.openid,
    req.requestId,
    (d) => repeatResult(d, ctx.now),
  );
  // The three reads and the transaction's start share one round trip; a retry still gets its first answer,
  // whatever the others say, and a refusal is answered before anything is judged.
  const [subject, found] = [
    early(facilitySubject(ctx.caller.openid, req.memberId, ctx.now)),
    early(institution(req.code)),
  ];
  const prepared = early(
    (async () => {
      const repeat = await once.replay();
      if (repeat) return { repeat };
      const who = await subject;
      const kind = who.policy.kinds.find((k) => k.id === req.kind);
      if (!kind) throw new DomainError('NOT_OFFERED', '本市没有这类选点。');
      if (!kind.online) throw new DomainError('NOT_OFFERED', kind.offlineNote ?? `${kind.name}选点请到窗口办理。`);
      const inst = await found;
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
      return { who, inst, base, id: stateId(who.subjectKey, req.kind) };
    })(),
  );

  let outcome: { decision: Decision; doc?: DeclarationDoc } | { repeat: ReturnType<typeof repeatResult> };
  try {
    outcome = await db.runTransaction(async (t: Txn) => {
      const p = await prepared;
      if ('repeat' in p) return { repeat: p.repeat };
      const { who, inst, base, id } = p;
      const ref = collection('facility_states', t).doc(id);
      const state = (await ref.get()) ?? emptyState(who.policy);
      const { candidate, decision, replaced: previous } = judge(who, state, op, inst, ctx.now, req.slot);
      if (!decision.allowed) return { decision };
      const declarationId = newId();
      const next = apply(who.policy, state, decision, candidate, declarationId, ctx.now);
      const effectiveFrom = new Date(decision.effectiveFrom!);
      const doc: DeclarationDoc = {
        ...base,
        _id: declarationId,
        slot: decision.slot,
        previous: previous ? { code: previous.code, name: previous.name } : null,
        result: 'accepted',
        reasons: [],
        effectiveFrom,
        notifyPending: req.subscribe,
      };
      const { _id, ...fields } = doc;
      await Promise.all([
        ref.set({
          data: { cityCode: who.city.code, kind: req.kind, slots: next.slots, changesByMonth: next.changesByMonth },
        }),
        collection('facility_declarations', t).doc(_id).set({ data: fields }),
      ]);
      return { decision, doc };
    }, 12);
  } catch (error) {
    const twin = await once.twinAfter(error);
    if (twin) return twin;
    if (!isTransactionConflict(error)) throw error;
    // Still contended after retries: decide again on the settled state; a refusal is the honest answer.
    const p = await prepared;
    if ('repeat' in p) return p.repeat;
    const state = (await stateOf(p.who.subjectKey, req.kind)) ?? emptyState(p.who.policy);
    const { decision } = judge(p.who, state, op, p.inst, ctx.now, req.slot);
    if (decision.allowed)
      throw new DomainError('CONFLICT', '同一时间有其他申报正在处理，请稍后再提交一次（不会重复办理）。');
    outcome = { decision };
  }
  if ('repeat' in outcome) return outcome.repeat;
  const p = await prepared;
  if ('repeat' in p) return p.repeat;
  const { base } = p;

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

export const submitActions = {
  select: (req, ctx) => submitDeclaration('select', req, ctx),
  change: (req, ctx) => submitDeclaration('change', req, ctx),
} satisfies ActionsFor<typeof facilityRequest>;
