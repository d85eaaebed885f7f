import { early } from '../core/platform/early';
import { randomInt } from 'node:crypto';
import { maskMobile } from '../../miniprogram/shared/personal';
import type { FilingResponses } from '../core/contracts/filing';
import { type filingRequest } from '../core/contracts/filing';
import type { FilingDoc } from '../core/documents/filing';
import { type StoredPerson, type Subject, resolveSubject, startSubject } from '../core/identity/people';
import { type Sealed, seal } from '../core/identity/personalData';
import { audit } from '../core/platform/audit';
import { collection } from '../core/platform/collection';
import { DomainError, refusal } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { type ActionContext } from '../core/platform/handler';
import { oncePerRequest } from '../core/platform/oncePerRequest';
import { type Txn, getDb, isTransactionConflict } from '../core/platform/sdk';
import { cityByCode } from '../core/policies';
import { cityDivision } from '../core/policies/divisions';
import type { FilingPolicy } from '../core/policies/schema';
import { beijingDate } from '../core/rules/beijingTime';
import {
  type ExistingFiling,
  type FilingDecision,
  cancellableFrom,
  decideFiling,
  validUntil,
} from '../core/rules/filing';
import { filingPolicyOf, view } from './views';

/** Filing one 备案: who it is for, the rules' decision, and the transaction that records it once per requestId. */

export interface Who {
  person: StoredPerson;
  forWhom: string;
  /** How the record reads for the person when someone else acted ("由 子女 张*三 代办"). */
  actedBy: string | null;
  memberId: string | null;
  phoneOnFile: Sealed | null;
}

export async function filingSubject(openid: string, memberId: string | undefined, now: Date): Promise<Who> {
  return whoOf(await resolveSubject(openid, memberId, now));
}

function whoOf(subject: Subject): Who {
  // The contact phone on file is the caller's own: a member is reached through whoever acts for them.
  return {
    person: subject.person,
    forWhom: subject.forWhom,
    actedBy: subject.actedBy,
    memberId: subject.memberId,
    phoneOnFile: subject.caller.mobile,
  };
}

/**
 * The filing a change replaces, to whoever made it (and, given, for that person); the same answer whether it is
 * someone else's or none.
 */
export function changedFiling(f: FilingDoc | null | undefined, openid: string, subjectKey?: string): FilingDoc {
  // Changing is filing anew in the same name: only whoever made the filing does it (the person can cancel).
  if (!f || f.owner !== openid || f.result === 'rejected' || (subjectKey && f.subjectKey !== subjectKey))
    throw new DomainError('NOT_FOUND', '没有找到这条备案。请在“我的备案”中查看。');
  return f;
}

/** A filing already ended is not changed again: where to go instead. */
export function requireInForce(f: Pick<FilingDoc, 'cancelledAt' | 'replacedBy'>): void {
  if (!f.cancelledAt) return;
  throw new DomainError(
    'CANNOT_WITHDRAW',
    f.replacedBy
      ? '这条备案已变更为新的备案，不能再变更。请在“我的备案”中变更新的那一条。'
      : '这条备案已撤销，不能再变更。如仍需备案，请重新办理。',
  );
}

export function destinationOf(req: { destination: { provinceCode: string; cityCode: string } }) {
  const city = cityDivision(req.destination.cityCode);
  if (!city || city.provinceCode !== req.destination.provinceCode) {
    throw new DomainError('VALIDATION_FAILED', '就医地不正确', {
      fieldErrors: { destination: ['请从列表中选择就医地的省和市'] },
    });
  }
  return { provinceCode: city.provinceCode, cityCode: city.code, name: city.name };
}

/** A filing number people can read out: BA + Beijing date + 8 digits. */
export function filingNumber(now: Date): string {
  return `BA${beijingDate(now).replace(/-/g, '')}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}

/** A long-term filing locked against change or cancellation (policy months after its start) is refused, with when. */
export function requireUnlocked(
  policy: FilingPolicy,
  f: { category: 'longTerm' | 'temporary'; validFrom: string },
  today: string,
  what: '变更' | '撤销',
): void {
  const lock = cancellableFrom(policy, f);
  if (lock && lock > today) {
    throw new DomainError(
      'CANCEL_NOT_ALLOWED_YET',
      `长期备案在开始后 ${policy.longTermLockMonths} 个月内不能${what}，${lock} 起可以${what}。`,
      { nextPossibleAt: `${lock}T00:00:00+08:00` },
    );
  }
}

/** What a filing request says (submit, preview, change and a 花名表 row alike). */
export type FilingFields = {
  cityCode: string;
  typeCode: string;
  destination: { provinceCode: string; cityCode: string };
  startDate: string;
  address?: string;
  contactPhone?: string;
  forMemberId?: string;
  /** 预计何时回来: kept for the 到期 reminder. */
  plannedReturn?: string;
};

export async function evaluate(
  req: FilingFields,
  ctx: ActionContext,
  /**
   * A filing being changed (its read, started with the caller's): judged as if it were already replaced; its
   * address and contact phone carry over unless others are given.
   */
  replacing?: Promise<FilingDoc | null | undefined>,
  /** Someone other than the caller or a member (an employer's staff, filed in batch). */
  given?: Who,
  /** Judge against the person's other filings too (the dry run); submit leaves that to its transaction. */
  withOthers = true,
) {
  const who = given ?? (await filingSubject(ctx.caller.openid, req.forMemberId, ctx.now));
  const person = who.person;
  // A change is filed for the person of the filing it replaces, never another.
  const old = replacing ? changedFiling(await replacing, ctx.caller.openid, person.idNumber.hash) : undefined;
  if (person.cityCode !== req.cityCode) {
    throw new DomainError('VALIDATION_FAILED', '参保地与资料不一致', {
      fieldErrors: {
        cityCode: [`${who.forWhom}的参保地是${cityByCode(person.cityCode)?.name ?? person.cityCode}，请按参保地办理`],
      },
    });
  }
  const { policy } = filingPolicyOf(req.cityCode);
  const destination = destinationOf(req);
  const phone = req.contactPhone || ((old?.contactPhone ?? who.phoneOnFile) ? 'on-file' : undefined);
  const address = req.address || (old?.address ? 'on-file' : undefined);
  const today = beijingDate(ctx.now);
  const state = withOthers ? await collection('filing_states').doc(person.idNumber.hash).get() : null;
  const judged = { policy, person, typeCode: req.typeCode, destination, startDate: req.startDate, today };
  const decision = judge(
    judged,
    address,
    phone,
    (state?.filings ?? []).filter((f) => f.id !== old?._id),
  );
  if (decision.blockingId && who.memberId && !given) await sayWhereToChange(decision, ctx.caller.openid, who.forWhom);
  return { who, person, policy, destination, decision, today, old };
}

/**
 * Acting for a family member, the overlapping filing may be one the member (or another family member) filed: it
 * is not in the caller's 我的备案, so the refusal says who can change it and where, instead of a dead end.
 */
async function sayWhereToChange(decision: FilingDecision, caller: string, forWhom: string): Promise<void> {
  const blocking = await collection('filings').doc(decision.blockingId!).get();
  if (!blocking || blocking.owner === caller) return;
  const name = forWhom.split(' ').pop();
  for (const reason of decision.reasons) {
    if (reason.code !== 'OVERLAPPING_FILING') continue;
    reason.message = reason.message.replace(
      /如需更改，.*$/,
      `这一条不是您办理的，不在您的“我的备案”中。如需更改，请${name}本人在自己微信的“我的备案”中撤销或变更，或带身份证到参保地医保窗口办理。`,
    );
  }
}

/**
 * The one step the dry run and the submit share: the rules on this request and the person's other filings.
 * Submit calls it again inside its transaction, on the filings read there.
 */
function judge(
  r: {
    policy: FilingPolicy;
    person: Who['person'];
    typeCode: string;
    destination: { cityCode: string };
    startDate: string;
    today: string;
  },
  address: string | undefined,
  contactPhone: string | undefined,
  existing: ExistingFiling[],
) {
  const { cityCode, scheme, category } = r.person;
  const request = { serviceCode: r.typeCode, destinationCityCode: r.destination.cityCode, startDate: r.startDate };
  return decideFiling(
    r.policy,
    { cityCode, scheme, category },
    { ...request, address, contactPhone },
    existing,
    r.today,
  );
}

export type NewFiling = FilingFields & { requestId: string; subscribe: boolean };

/** A retry of a filing request (same caller, same requestId) gets the first answer, a refusal included. */
function filingOnce(ctx: ActionContext, requestId: string) {
  return oncePerRequest<'filings', FilingResponses['submit']>('filings', ctx.caller.openid, requestId, (f) => {
    if (f.result === 'rejected') throw refusal(f.reasons);
    return { filingId: f._id, filing: view(f, filingPolicyOf(f.cityCode).policy, beijingDate(ctx.now)) };
  });
}
type FilingOnce = ReturnType<typeof filingOnce>;

/** Files a new filing, for the caller, a member, or (`given`) a 花名表 row's employee. */
export async function submitFiling(
  req: NewFiling,
  ctx: ActionContext,
  given?: Who,
): Promise<FilingResponses['submit']> {
  const once = filingOnce(ctx, req.requestId);
  // The caller's proof is read with the replay, and the transaction started, in one round trip; the person's
  // other filings are judged only inside the transaction, which refuses an overlap as a recorded refusal like
  // any other.
  const subject = early(given ? Promise.resolve(given) : filingSubject(ctx.caller.openid, req.forMemberId, ctx.now));
  const first = early(once.replay());
  const start = (async () => {
    const repeat = await first;
    return repeat ? { repeat } : { who: await subject };
  })();
  return recordFiling(req, ctx, once, start, null, !!given);
}

/** The checks before the transaction (to answer at once) and the records they lead to. */
async function prepare(req: NewFiling, ctx: ActionContext, whoFiles: Who, replaces: FilingDoc | null) {
  const first = await evaluate(req, ctx, replaces ? Promise.resolve(replaces) : undefined, whoFiles, false);
  const { who, person, policy } = first;
  const type = first.decision.type;
  // A request naming no type of the city is malformed, not a decision: nothing is recorded for it.
  if (!type) throw refusal(first.decision.reasons);
  const base = {
    owner: ctx.caller.openid,
    requestId: req.requestId,
    subjectKey: person.idNumber.hash,
    memberId: who.memberId,
    forWhom: who.forWhom,
    actedBy: who.actedBy,
    personName: person.name.masked,
    idNumber: person.idNumber.masked,
    cityCode: person.cityCode,
    typeCode: req.typeCode,
    typeName: type.name,
    category: type.category,
    destination: first.destination,
    scope: first.decision.scope,
    validFrom: req.startDate,
    submittedAt: ctx.now,
    cancelledAt: null,
    subscribe: req.subscribe,
    plannedReturn: req.plannedReturn ?? replaces?.plannedReturn ?? null,
    previousFilingId: replaces?._id ?? null,
    replacedBy: null,
    previous: replaces ? { destinationName: replaces.destination.name, validFrom: replaces.validFrom } : null,
  } as const;
  const doc: Omit<FilingDoc, '_id'> = {
    ...base,
    result: 'accepted',
    reasons: [],
    validUntil: type.category === 'temporary' ? validUntil(req.startDate, policy.temporaryValidityMonths) : null,
    address: req.address ? seal('address', req.address, (a) => `${a.slice(0, 6)}…`) : (replaces?.address ?? null),
    contactPhone: req.contactPhone
      ? seal('mobile', req.contactPhone, maskMobile)
      : (replaces?.contactPhone ?? who.phoneOnFile),
    remindPending: req.subscribe && type.category === 'temporary',
  };
  return { first, base, doc };
}

/**
 * Records a filing, or (`replaces`) a new one linked to the filing it replaces, which ends. The checks run
 * twice: before, to answer at once, and inside one transaction over the person's filings (and the replaced
 * filing, still in force), so concurrent submits can't both pass. A refusal is recorded too (我的备案 shows it
 * as 未通过) and a concurrent twin of the same request gets the first answer. The transaction starts at once,
 * beside the reads the checks depend on (`start`), and awaits them: answers come in the order they did.
 */
async function recordFiling(
  req: NewFiling,
  ctx: ActionContext,
  once: FilingOnce,
  /** Who files, once the caller's proof is in — or the first answer to a retry. */
  start: Promise<{ repeat: FilingResponses['submit'] } | { who: Who }>,
  replaces: FilingDoc | null,
  batch: boolean,
): Promise<FilingResponses['submit']> {
  const db = getDb();
  const id = filingNumber(ctx.now);
  const prepared = early(
    (async () => {
      const started = await start;
      return 'repeat' in started ? started : prepare(req, ctx, started.who, replaces);
    })(),
  );
  /** Records the refusal (未通过), unless a concurrent retry of the same request already answered. */
  const reject = async (
    base: Awaited<ReturnType<typeof prepare>>['base'],
    reasons: Array<{ code: string; message: string }>,
  ) => {
    const rejected: Omit<FilingDoc, '_id'> = {
      ...base,
      result: 'rejected',
      reasons,
      validUntil: null,
      address: null,
      contactPhone: null,
      remindPending: false,
    };
    try {
      await collection('filings').doc(filingNumber(ctx.now)).set({ data: rejected });
    } catch (error) {
      const twin = await once.twinAfter(error);
      if (twin) return twin;
      throw error;
    }
    throw refusal(reasons);
  };

  let answered: FilingResponses['submit'] | undefined;
  try {
    answered = await db.runTransaction(async (t: Txn) => {
      const p = await prepared;
      if ('repeat' in p) return p.repeat;
      const { first, doc } = p;
      // Refused before anything is read in the transaction: it ends empty, and the refusal is recorded below.
      if (!first.decision.allowed) return undefined;
      const { who, person, policy, destination, today } = first;
      const stateRef = collection('filing_states', t).doc(person.idNumber.hash);
      const oldRef = replaces ? collection('filings', t).doc(replaces._id) : null;
      const [state, old] = await Promise.all([stateRef.get(), oldRef?.get()]);
      let existing = state?.filings ?? [];
      const writes: Array<Promise<unknown>> = [];
      if (replaces) {
        // Still in force when the new one is written: a change and a cancel (or two changes) can't both win.
        const current = changedFiling(old, ctx.caller.openid);
        requireInForce(current);
        requireUnlocked(policy, current, today, '变更');
        existing = existing.map((f) => (f.id === current._id ? { ...f, cancelled: true } : f));
        const replacement = { destinationName: destination.name, validFrom: doc.validFrom };
        writes.push(
          oldRef!.update({ data: { cancelledAt: ctx.now, replacedBy: id, remindPending: false, replacement } }),
        );
      }
      const again = judge(
        { policy, person, typeCode: req.typeCode, destination, startDate: req.startDate, today },
        doc.address ? 'given' : undefined,
        doc.contactPhone ? 'given' : undefined,
        existing,
      );
      if (!again.allowed) throw refusal(again.reasons);
      const summary: ExistingFiling = {
        id,
        typeName: doc.typeName,
        category: doc.category,
        validFrom: doc.validFrom,
        validUntil: doc.validUntil,
        destinationName: destination.name,
        cancelled: false,
      };
      writes.push(
        stateRef.set({ data: { filings: [...existing, summary] } }),
        collection('filings', t).doc(id).set({ data: doc }),
        audit(
          {
            action: 'filing.submit',
            actor: ctx.caller.openid,
            subject: who.memberId ?? (batch ? `batch:${person.idNumber.hash}` : 'self'),
            fields: ['address', 'contactPhone'],
            at: ctx.now,
          },
          t,
        ),
      );
      await Promise.all(writes);
      return { filingId: id, filing: view({ ...doc, _id: id }, policy, today) };
    }, 12);
  } catch (error) {
    const twin = await once.twinAfter(error);
    if (twin) return twin;
    // A double tap on 提交变更: the twin that won ended the old filing; this one answers as it did.
    const won = replaces && error instanceof DomainError && error.code === 'CANNOT_WITHDRAW' && (await once.replay());
    if (won) return won;
    const p = await prepared; // settled: had it failed, that failure would be the error above
    if ('repeat' in p) return p.repeat;
    // Lost a race to an overlapping filing: a refusal like any other.
    if (error instanceof DomainError && error.extra.reasons) return reject(p.base, error.extra.reasons);
    if (isTransactionConflict(error)) {
      // Still contended after the retries: decide on the settled state; a refusal is the honest answer.
      const settled = await evaluate(
        req,
        ctx,
        replaces ? Promise.resolve(replaces) : undefined,
        batch ? p.first.who : undefined,
      );
      if (!settled.decision.allowed) return reject(p.base, settled.decision.reasons);
      throw new DomainError('CONFLICT', '同一时间有其他备案正在处理，请稍后再提交一次（不会重复备案）。');
    }
    throw error;
  }
  if (answered) return answered;
  const p = await prepared;
  if ('repeat' in p) return p.repeat;
  return reject(p.base, p.first.decision.reasons);
}

/** Filing anew, and changing a filing (a new filing that replaces the old). */
export const submitActions = {
  submit: (req, ctx) => submitFiling(req, ctx),

  async change(req, ctx): Promise<FilingResponses['change']> {
    const openid = ctx.caller.openid;
    // One round trip reads the caller (and the member the page says the filing is for), the filing and a first
    // answer to this request; they are answered in order: the caller's proof, the filing's owner, a retry, the
    // filing still in force, then the authority to act for its person.
    const { proof, subject } = startSubject(openid, req.forMemberId, ctx.now);
    const found = early(collection('filings').doc(req.filingId).get());
    const once = filingOnce(ctx, req.requestId);
    const first = early(once.replay());
    await proof;
    const old = changedFiling(await found, openid);
    const repeat = await first;
    if (repeat) return repeat;
    requireInForce(old);
    const who =
      (old.memberId ?? undefined) === req.forMemberId
        ? whoOf(await subject)
        : await filingSubject(openid, old.memberId ?? undefined, ctx.now);
    // What is not given carries over from the filing it replaces (the address and phone inside recordFiling).
    const changed: NewFiling = {
      cityCode: old.cityCode,
      typeCode: old.typeCode,
      destination: req.destination ?? {
        provinceCode: old.destination.provinceCode,
        cityCode: old.destination.cityCode,
      },
      startDate: req.startDate ?? old.validFrom,
      ...(req.address ? { address: req.address } : {}),
      ...(req.contactPhone ? { contactPhone: req.contactPhone } : {}),
      ...(old.memberId ? { forMemberId: old.memberId } : {}),
      ...(req.plannedReturn ? { plannedReturn: req.plannedReturn } : {}),
      requestId: req.requestId,
      subscribe: old.subscribe,
    };
    return recordFiling(changed, ctx, once, Promise.resolve({ who }), old, false);
  },
} satisfies ActionsFor<typeof filingRequest>;
