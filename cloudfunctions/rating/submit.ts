import { shippedCatalogue } from '../core/catalog/data';
import type { DeclarationDoc } from '../core/documents/facility';
import type { FilingDoc } from '../core/documents/filing';
import { type z } from 'zod';
import type { RatingResponses } from '../core/contracts/rating';
import { type ratingRequest } from '../core/contracts/rating';
import type { RatingDoc } from '../core/documents/rating';
import { verifiedSelf } from '../core/identity/people';
import { collection } from '../core/platform/collection';
import { readDailyQuota } from '../core/platform/dailyQuota';
import { DomainError } from '../core/platform/envelope';
import type { ActionContext, ActionsFor } from '../core/platform/handler';
import { getDb, isDuplicateKey, isTransactionConflict, type Txn } from '../core/platform/sdk';
import { cityByCode } from '../core/policies';
import { beijingDate } from '../core/rules/beijingTime';
import { WorkCalendar } from '../core/rules/calendar';
import { libraryCalendar } from '../core/rules/libraryCalendar';
import { followUpDue, isBad, levelLabel } from '../core/rules/rating';
import { checkContent } from './contentCheck';
import { early } from '../core/platform/early';
import { count } from './counts';
import { view } from './views';

type SubmitRequest = Extract<z.output<typeof ratingRequest>, { action: 'submit' }>;

const DAILY_LIMIT = 20;
/** A window visit's code is valid this long after the staff member shows it. */
export const VISIT_CODE_MINUTES = 120;

let calendar: WorkCalendar | null = null;
/** The official working days (the library's data does not change while an instance runs). */
const workCalendar = () => (calendar ??= new WorkCalendar(libraryCalendar()));

let facilityItems: Map<string, string> | null = null;
/** Each city's catalogue item of the 定点 flow (the shipped catalogue is validated once per instance, not per call). */
const facilityItemOf = (cityCode: string) =>
  (facilityItems ??= new Map(
    shippedCatalogue()
      .filter((i) => i.flow === 'facility')
      .reverse() // the first item of a city wins, as find() chose it
      .map((i) => [i.cityCode, i.code]),
  )).get(cityCode);

/** A completed service of the caller's: a 定点 declaration in force or accepted, or a filing. */
export async function service(kind: 'declaration' | 'filing' | 'visit', id: string, openid: string) {
  if (kind === 'visit') {
    const v = await collection('visits').doc(id).get();
    if (!v) return null;
    return {
      title: `窗口办理：${v.serviceName}（${v.window}）`,
      detail: '',
      serviceCode: v.serviceCode,
      cityCode: v.cityCode,
      completedAt: v.createdAt,
      expiresAt: v.expiresAt,
    };
  }
  const doc = await collection(kind === 'declaration' ? 'facility_declarations' : 'filings')
    .doc(id)
    .get();
  if (!doc || doc.owner !== openid || doc.result !== 'accepted') return null;
  return kind === 'declaration' ? declarationService(doc as DeclarationDoc) : filingService(doc as FilingDoc);
}

/** A 定点 declaration as a service to rate, published under the city's catalogue item of the 定点 flow. */
export function declarationService(d: DeclarationDoc) {
  return {
    title: `定点${d.op === 'select' ? '选择' : '变更'}：${d.institution.name}`,
    detail: `为${d.forWhom}办理`,
    serviceCode: facilityItemOf(d.cityCode) ?? `${d.cityCode}-facility`,
    cityCode: d.cityCode,
    completedAt: d.submittedAt,
  };
}

/** A filing as a service to rate. Two filings of one type read alike: where to and from when tell them apart. */
export function filingService(f: FilingDoc) {
  return {
    title: `异地就医备案：${f.typeName}`,
    detail: `为${f.forWhom}办理 · 就医地 ${f.destination.name} · ${f.validFrom} 起 · 备案号 ${f._id}${f.replacedBy ? ' · 已变更' : ''}`,
    serviceCode: f.typeCode,
    cityCode: f.cityCode,
    completedAt: f.submittedAt,
  };
}

/** One rating of a completed service or a window visit: once per service, within the daily limit, counted for the published results in the same transaction. */
export async function submitRating(req: SubmitRequest, ctx: ActionContext): Promise<RatingResponses['submit']> {
  const db = getDb();
  const id = `${req.serviceRef.kind}:${req.serviceRef.id}`;
  const today = beijingDate(ctx.now);
  /** A service already rated: a retry of the same submit gets its rating back; anyone else is refused. */
  const answerExisting = (first: RatingDoc) => {
    if (first.owner !== ctx.caller.openid)
      throw new DomainError(
        'CODE_USED',
        '这个评价码已经用过了，每次办理评价一次。如您刚办完业务，请窗口工作人员重新出示评价码。',
      );
    if (first.requestId === req.requestId) return { rating: view(first, today) };
    throw new DomainError(
      'ALREADY_RATED',
      `您已经评价过这项服务（${levelLabel(first.channel, first.level)}），每项服务评价一次。`,
    );
  };
  // Read together, and with the transaction's start below, answered in order: who is asking, then whose
  // service it is; nothing about someone else's service or rating is ever answered.
  const caller = early(verifiedSelf(ctx.caller.openid));
  const completed = early(service(req.serviceRef.kind, req.serviceRef.id, ctx.caller.openid));
  const prepared = early(
    (async () => {
      const { user } = await caller;
      const s = await completed;
      if (!s) throw new DomainError('NOT_YOUR_SERVICE', '只能评价您本人（或为家人）办理完成的服务。');
      // What the request itself gets wrong comes next; whether the service is rated already is read in the
      // transaction, before anything that depends on the time (a retry gets its rating back, expired or not).
      if ((req.serviceRef.kind === 'visit') !== (req.channel === 'window')) {
        throw new DomainError('VALIDATION_FAILED', '评价渠道与服务不符', {
          fieldErrors: { channel: ['窗口办理用窗口评价，网上办理用网上评价'] },
        });
      }
      const bad = isBad(req.level);
      if (bad && !(req.reasons?.length || req.comment)) {
        throw new DomainError('REASON_REQUIRED', '请告诉我们哪里没做好（可点选常见原因），以便核实整改。', {
          fieldErrors: { reasons: ['差评请至少选择一个原因或填写留言'] },
        });
      }
      if (req.comment) await checkContent(req.comment, ctx.caller.openid);
      const policy = cityByCode(s.cityCode)?.rating;
      const due = bad ? followUpDue(today, policy?.followUpWorkingDays ?? 5, workCalendar()) : null;
      const doc: Omit<RatingDoc, '_id'> = {
        owner: ctx.caller.openid,
        requestId: req.requestId,
        serviceRef: req.serviceRef,
        serviceTitle: s.title,
        serviceCode: s.serviceCode,
        cityCode: s.cityCode,
        channel: req.channel,
        level: req.level,
        bad,
        aspects: req.aspects ?? {},
        reasons: req.reasons ?? [],
        comment: req.comment || null,
        callbackPhone: bad && req.callback ? (user.profile?.mobile ?? null) : null,
        submittedAt: ctx.now,
        day: today,
        month: today.slice(0, 7),
        followUp: due
          ? {
              state: '待核实',
              dueDate: due.dueDate,
              claimedBy: null,
              verification: null,
              rectification: null,
              answer: null,
              repliedAt: null,
              repliedOnTime: false,
              residentSatisfied: null,
            }
          : null,
      };
      return { s, doc };
    })(),
  );
  let stored: RatingDoc | null = null;
  try {
    // The service's id is the rating's: of concurrent submits for one service, one is stored (a visit's
    // code is used up by its rating).
    await db.runTransaction(async (t: Txn) => {
      const { s, doc } = await prepared;
      // The reads at once, then the writes at once: with the transaction's start (beside the reads above) and
      // its commit, four round trips. The published count is incremented in place, not read first: many ratings
      // share it, and a read would widen the window in which concurrent ones conflict.
      const [first, take] = await Promise.all([
        collection('ratings', t).doc(id).get(),
        readDailyQuota(t, 'rating_quotas', [ctx.caller.openid], today, DAILY_LIMIT),
      ]);
      if (first) {
        answerExisting(first); // throws unless it is this very request, stored by an earlier attempt
        stored = first;
        return;
      }
      if ('expiresAt' in s && s.expiresAt && s.expiresAt.getTime() < ctx.now.getTime()) {
        throw new DomainError('CODE_EXPIRED', '这个评价码已过期。请窗口工作人员重新出示。');
      }
      // The daily limit is a counter in the same transaction: concurrent ratings cannot all slip under it.
      if (!take) throw new DomainError('RATE_LIMITED', `每天最多评价 ${DAILY_LIMIT} 次，请明天再来。`);
      await Promise.all([collection('ratings', t).doc(id).set({ data: doc }), take(), count(t, doc, 'count')]);
      stored = { _id: id, ...doc };
    }, 8);
  } catch (error) {
    if (!isDuplicateKey(error) && !isTransactionConflict(error)) throw error;
    const first = await collection('ratings').doc(id).get();
    if (!first) throw new DomainError('CONFLICT', '同一时间评价的人较多，请稍后再提交一次（不会重复评价）。');
    return answerExisting(first);
  }
  return { rating: view(stored!, today) };
}

export const submitActions = { submit: submitRating } satisfies ActionsFor<typeof ratingRequest>;
