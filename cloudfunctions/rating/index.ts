import { randomBytes } from 'node:crypto';
import { audit } from '../core/audit';
import { getCloud, getDb, getIfExists, isDuplicateKey, isTransactionConflict, listOf, type Txn } from '../core/cloud';
import type { QueueItem, RatingResponses, RatingView } from '../core/contracts/rating';
import { ratingRequest } from '../core/contracts/rating';
import { DomainError } from '../core/envelope';
import type { FilingDoc } from '../core/filing/documents';
import { type ActionContext, createHandler } from '../core/handler';
import { pageOf } from '../core/paging';
import { userDoc, verifiedSelf } from '../core/people';
import { type Sealed, unseal } from '../core/personalData';
import { CITIES, cityByCode } from '../core/policies';
import { type Channel, followUpDue, isBad, type LevelCount, levelLabel, LEVEL_LABELS, publishStats } from '../core/rating/rules';
import { beijingDate, toBeijingIso } from '../core/rules/beijingTime';
import { WorkCalendar } from '../core/rules/calendar';
import { libraryCalendar } from '../core/rules/libraryCalendar';

const DAILY_LIMIT = 20;
/** A window visit's code is valid this long after the staff member shows it. */
const VISIT_CODE_MINUTES = 120;

interface VisitDoc {
  _id: string;
  cityCode: string;
  serviceCode: string;
  serviceName: string;
  window: string;
  staff: string;
  createdAt: Date;
  expiresAt: Date;
  usedBy: string | null;
}

interface RatingDoc {
  _id: string;
  owner: string;
  requestId: string;
  serviceRef: { kind: 'declaration' | 'filing' | 'visit'; id: string };
  serviceTitle: string;
  serviceCode: string;
  cityCode: string;
  channel: Channel;
  level: number;
  bad: boolean;
  aspects: Record<string, number>;
  reasons: string[];
  comment: string | null;
  callbackPhone: Sealed | null;
  submittedAt: Date;
  day: string;
  month: string;
  followUp: null | {
    state: '待核实' | '整改中' | '已整改' | '已回复';
    dueDate: string;
    claimedBy: string | null;
    verification: string | null;
    rectification: string | null;
    answer: string | null;
    repliedAt: Date | null;
    /** Answered within the time limit: fixed when the answer is given, for the 整改率. */
    repliedOnTime: boolean;
    residentSatisfied: boolean | null;
  };
}

/** A completed service of the caller's: a 定点 declaration in force or accepted, or a filing. */
async function service(kind: 'declaration' | 'filing' | 'visit', id: string, openid: string) {
  const db = getDb();
  if (kind === 'visit') {
    const v = await getIfExists<VisitDoc>(db.collection('visits').doc(id));
    if (!v) return null;
    return { title: `窗口办理：${v.serviceName}（${v.window}）`, serviceCode: v.serviceCode, cityCode: v.cityCode, completedAt: v.createdAt, expiresAt: v.expiresAt };
  }
  if (kind === 'declaration') {
    const d = await getIfExists<{ owner: string; result: string; cityCode: string; op: string; institution: { name: string }; submittedAt: Date }>(db.collection('facility_declarations').doc(id));
    if (!d || d.owner !== openid || d.result !== 'accepted') return null;
    // The city's catalogue item of the 定点 flow: what the statistics are published under.
    const [item] = await listOf<{ code: string }>(db.collection('services').where({ cityCode: d.cityCode, flow: 'facility' }).limit(1));
    return { title: `定点${d.op === 'select' ? '选择' : '变更'}：${d.institution.name}`, serviceCode: item?.code ?? `${d.cityCode}-facility`, cityCode: d.cityCode, completedAt: d.submittedAt };
  }
  const f = await getIfExists<FilingDoc>(db.collection('filings').doc(id));
  if (!f || f.owner !== openid || f.result !== 'accepted') return null;
  return { title: `异地就医备案：${f.typeName}`, serviceCode: f.typeCode, cityCode: f.cityCode, completedAt: f.submittedAt };
}

function view(r: RatingDoc, today: string): RatingView {
  return {
    id: r._id,
    serviceTitle: r.serviceTitle,
    channel: r.channel,
    level: r.level,
    levelLabel: levelLabel(r.channel, r.level),
    bad: r.bad,
    reasons: r.reasons,
    comment: r.comment,
    submittedAt: toBeijingIso(r.submittedAt),
    followUp: r.followUp && {
      state: r.followUp.state,
      dueDate: r.followUp.dueDate,
      overdue: r.followUp.state !== '已回复' && r.followUp.dueDate < today,
      answer: r.followUp.answer,
      repliedAt: r.followUp.repliedAt ? toBeijingIso(r.followUp.repliedAt) : null,
      residentSatisfied: r.followUp.residentSatisfied,
    },
  };
}

function queueItem(r: RatingDoc, today: string): QueueItem {
  return {
    ...view(r, today),
    cityCode: r.cityCode,
    callbackPhone: r.callbackPhone?.masked ?? null,
    claimedBy: r.followUp?.claimedBy ?? null,
    verification: r.followUp?.verification ?? null,
    rectification: r.followUp?.rectification ?? null,
  };
}

/** Staff are WeChat users on the city's staff list; every staff action checks it. */
async function staffOf(openid: string): Promise<{ cityCode: string }> {
  const s = await getIfExists<{ cityCode: string }>(getDb().collection('staff').doc(openid));
  if (!s) throw new DomainError('NOT_STAFF', '这项功能只对医保经办工作人员开放。');
  return s;
}

/** WeChat's content security check; a comment it rejects is not stored. */
async function checkContent(content: string, openid: string): Promise<void> {
  const res = (await getCloud().openapi.security.msgSecCheck({ openid, scene: 2, version: 2, content })) as { result?: { suggest?: string } };
  if (res.result?.suggest && res.result.suggest !== 'pass') {
    throw new DomainError('CONTENT_REJECTED', '留言中有不能发布的内容，没有保存。请修改后再提交，或不填留言。');
  }
}

/**
 * The published statistics are kept as counts per city, month, service item and level, updated in the same
 * transaction as the rating (or the answer): reading a month's results reads a few dozen documents, never the
 * ratings themselves — so no single rating can be read back out of them either.
 */
async function count(t: Txn, r: Pick<RatingDoc, 'cityCode' | 'month' | 'serviceCode' | 'channel' | 'level'>, field: 'count' | 'followedUpInTime'): Promise<void> {
  const id = `${r.cityCode}:${r.month}:${r.serviceCode}:${r.channel}:${r.level}`;
  const ref = t.collection('rating_counts').doc(id);
  const existing = await getIfExists<{ count: number }>(ref);
  if (existing) await ref.update({ data: { [field]: getDb().command.inc(1) } });
  else await ref.set({ data: { cityCode: r.cityCode, month: r.month, serviceCode: r.serviceCode, channel: r.channel, level: r.level, count: field === 'count' ? 1 : 0, followedUpInTime: field === 'followedUpInTime' ? 1 : 0 } });
}

/** A staff step on one 差评 in the staff member's city, in a transaction, audited. */
async function staffStep(ratingId: string, ctx: ActionContext, action: 'rating.claim' | 'rating.resolve' | 'rating.reply', change: (r: RatingDoc) => Partial<NonNullable<RatingDoc['followUp']>>) {
  const staff = await staffOf(ctx.caller.openid);
  const db = getDb();
  const updated = await db.runTransaction(async (t: Txn) => {
    const ref = t.collection('ratings').doc(ratingId);
    const r = await getIfExists<RatingDoc>(ref);
    if (!r || !r.followUp || r.cityCode !== staff.cityCode) throw new DomainError('NOT_FOUND', '没有找到这条差评，可能不属于本市。');
    const followUp = { ...r.followUp, ...change(r) };
    await ref.update({ data: { followUp: db.command.set(followUp) } });
    if (followUp.repliedOnTime && !r.followUp.repliedOnTime) await count(t, r, 'followedUpInTime');
    await audit({ action, actor: ctx.caller.openid, subject: ratingId, fields: [], at: ctx.now }, t);
    return { ...r, followUp };
  }, 8);
  return { item: queueItem(updated, beijingDate(ctx.now)) };
}

/**
 * Timer (where a city sets `defaultAfterDays`, e.g. 广东): a completed online service not rated within that many
 * days is recorded as 基本满意. Keyed by the service like any rating, so a late or repeated run adds nothing twice,
 * and a resident who rated in time keeps their own rating.
 */
async function defaultRatings({ now }: ActionContext) {
  const db = getDb();
  let recorded = 0;
  for (const city of CITIES.filter((c) => c.rating.defaultAfterDays)) {
    const cutoff = new Date(now.getTime() - city.rating.defaultAfterDays! * 86400_000);
    const sources: Array<['declaration' | 'filing', string]> = [['declaration', 'facility_declarations'], ['filing', 'filings']];
    for (const [kind, collection] of sources) {
      const done = await listOf<{ _id: string; owner: string }>(
        db.collection(collection).where({ cityCode: city.code, result: 'accepted', submittedAt: db.command.lte(cutoff) }).field({ owner: true }).limit(500),
      );
      for (const d of done) {
        const id = `${kind}:${d._id}`;
        if (await getIfExists<RatingDoc>(db.collection('ratings').doc(id))) continue;
        const s = await service(kind, d._id, d.owner);
        if (!s) continue;
        const day = beijingDate(now);
        const doc: Omit<RatingDoc, '_id'> = {
          owner: d.owner, requestId: 'default', serviceRef: { kind, id: d._id }, serviceTitle: s.title, serviceCode: s.serviceCode, cityCode: s.cityCode,
          channel: 'online', level: 3, bad: false, aspects: {}, reasons: [], comment: '逾期未评价，按规定默认为基本满意', callbackPhone: null,
          submittedAt: now, day, month: day.slice(0, 7), followUp: null,
        };
        try {
          await db.runTransaction(async (t: Txn) => {
            if (await getIfExists<RatingDoc>(t.collection('ratings').doc(id))) return; // rated meanwhile: theirs stands
            await t.collection('ratings').doc(id).set({ data: doc });
            await count(t, doc, 'count');
            recorded += 1;
          }, 8);
        } catch (error) {
          if (!isDuplicateKey(error) && !isTransactionConflict(error)) throw error;
        }
      }
    }
  }
  return { recorded };
}

export const main = createHandler({
  schema: ratingRequest,
  publicActions: ['stats'],
  timers: { defaultRatings },
  actions: {
    async pending(_req, ctx): Promise<RatingResponses['pending']> {
      await verifiedSelf(ctx.caller.openid);
      const db = getDb();
      const [declarations, filings, rated] = await Promise.all([
        listOf<{ _id: string; result: string }>(db.collection('facility_declarations').where({ owner: ctx.caller.openid, result: 'accepted' }).limit(100)),
        listOf<{ _id: string; result: string }>(db.collection('filings').where({ owner: ctx.caller.openid, result: 'accepted' }).limit(100)),
        listOf<{ _id: string }>(db.collection('ratings').where({ owner: ctx.caller.openid }).field({ _id: true }).limit(1000)),
      ]);
      const done = new Set(rated.map((r) => r._id));
      const refs = [
        ...declarations.map((d) => ({ kind: 'declaration' as const, id: d._id })),
        ...filings.map((f) => ({ kind: 'filing' as const, id: f._id })),
      ].filter((ref) => !done.has(`${ref.kind}:${ref.id}`));
      const items = [];
      for (const ref of refs) {
        const s = await service(ref.kind, ref.id, ctx.caller.openid);
        if (s) items.push({ serviceRef: ref, title: s.title, completedAt: toBeijingIso(s.completedAt) });
      }
      return { items };
    },

    async submit(req, ctx): Promise<RatingResponses['submit']> {
      const db = getDb();
      const id = `${req.serviceRef.kind}:${req.serviceRef.id}`;
      const today = beijingDate(ctx.now);
      await verifiedSelf(ctx.caller.openid);
      // Whose service it is comes first: nothing about someone else's service or rating is ever answered.
      const s = await service(req.serviceRef.kind, req.serviceRef.id, ctx.caller.openid);
      if (!s) throw new DomainError('NOT_YOUR_SERVICE', '只能评价您本人（或为家人）办理完成的服务。');
      /** A service already rated: a retry of the same submit gets its rating back; anyone else is refused. */
      const answerExisting = (first: RatingDoc) => {
        if (first.owner !== ctx.caller.openid) throw new DomainError('CODE_USED', '这个评价码已经用过了，每次办理评价一次。如您刚办完业务，请窗口工作人员重新出示评价码。');
        if (first.requestId === req.requestId) return { rating: view(first, today) };
        throw new DomainError('ALREADY_RATED', `您已经评价过这项服务（${levelLabel(first.channel, first.level)}），每项服务评价一次。`);
      };
      const existing = await getIfExists<RatingDoc>(db.collection('ratings').doc(id));
      if (existing) return answerExisting(existing);
      if ((req.serviceRef.kind === 'visit') !== (req.channel === 'window')) {
        throw new DomainError('VALIDATION_FAILED', '评价渠道与服务不符', { fieldErrors: { channel: ['窗口办理用窗口评价，网上办理用网上评价'] } });
      }
      if ('expiresAt' in s && s.expiresAt && s.expiresAt.getTime() < ctx.now.getTime()) {
        throw new DomainError('CODE_EXPIRED', '这个评价码已过期。请窗口工作人员重新出示。');
      }
      const bad = isBad(req.level);
      if (bad && !(req.reasons?.length || req.comment)) {
        throw new DomainError('REASON_REQUIRED', '请告诉我们哪里没做好（可点选常见原因），以便核实整改。', { fieldErrors: { reasons: ['差评请至少选择一个原因或填写留言'] } });
      }
      if (req.comment) await checkContent(req.comment, ctx.caller.openid);
      const policy = cityByCode(s.cityCode)?.rating;
      const me = req.callback ? await userDoc(ctx.caller.openid) : null;
      const due = bad ? followUpDue(today, policy?.followUpWorkingDays ?? 5, new WorkCalendar(libraryCalendar())) : null;
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
        callbackPhone: bad && req.callback ? me?.profile?.mobile ?? null : null,
        submittedAt: ctx.now,
        day: today,
        month: today.slice(0, 7),
        followUp: due
          ? { state: '待核实', dueDate: due.dueDate, claimedBy: null, verification: null, rectification: null, answer: null, repliedAt: null, repliedOnTime: false, residentSatisfied: null }
          : null,
      };
      try {
        // The service's id is the rating's: of concurrent submits for one service, one is stored. A visit's
        // code is used up in the same transaction.
        await db.runTransaction(async (t: Txn) => {
          const first = await getIfExists<RatingDoc>(t.collection('ratings').doc(id));
          if (first) {
            answerExisting(first); // throws unless it is this very request, stored by an earlier attempt
            return;
          }
          if (req.serviceRef.kind === 'visit') {
            const ref = t.collection('visits').doc(req.serviceRef.id);
            const v = await getIfExists<VisitDoc>(ref);
            if (v?.usedBy) throw new DomainError('CODE_USED', '这个评价码已经用过了。每次办理评价一次。');
            await ref.update({ data: { usedBy: ctx.caller.openid } });
          }
          // The daily limit is a counter in the same transaction: concurrent ratings cannot all slip under it.
          const quota = t.collection('rating_quotas').doc(`${ctx.caller.openid}:${today}`);
          const used = (await getIfExists<{ count: number }>(quota))?.count ?? 0;
          if (used >= DAILY_LIMIT) throw new DomainError('RATE_LIMITED', `每天最多评价 ${DAILY_LIMIT} 次，请明天再来。`);
          await quota.set({ data: { count: used + 1 } });
          await t.collection('ratings').doc(id).set({ data: doc });
          await count(t, doc, 'count');
        }, 8);
      } catch (error) {
        if (!isDuplicateKey(error) && !isTransactionConflict(error)) throw error;
        const first = await getIfExists<RatingDoc>(db.collection('ratings').doc(id));
        if (!first) throw new DomainError('CONFLICT', '同一时间评价的人较多，请稍后再提交一次（不会重复评价）。');
        return answerExisting(first);
      }
      const stored = (await getIfExists<RatingDoc>(db.collection('ratings').doc(id)))!;
      return { rating: view(stored, today) };
    },

    async mine(req, ctx): Promise<RatingResponses['mine']> {
      await verifiedSelf(ctx.caller.openid);
      const { rows, nextCursor } = await pageOf<RatingDoc>(getDb().collection('ratings'), { owner: ctx.caller.openid }, { field: 'submittedAt', direction: 'desc', kind: 'date' }, req);
      return { ratings: rows.map((r) => view(r, beijingDate(ctx.now))), nextCursor };
    },

    async confirm(req, ctx): Promise<RatingResponses['confirm']> {
      await verifiedSelf(ctx.caller.openid);
      const db = getDb();
      const r = await getIfExists<RatingDoc>(db.collection('ratings').doc(req.ratingId));
      if (!r || r.owner !== ctx.caller.openid) throw new DomainError('NOT_FOUND', '没有找到这条评价。');
      if (r.followUp?.state !== '已回复') throw new DomainError('NOT_CLAIMED', '工作人员答复后，才能评价整改结果。');
      await db.collection('ratings').doc(req.ratingId).update({ data: { 'followUp.residentSatisfied': req.satisfied } });
      return { rating: view({ ...r, followUp: { ...r.followUp, residentSatisfied: req.satisfied } }, beijingDate(ctx.now)) };
    },

    /** Staff at a window: a one-time code for this visit (WeChat's mini-program code with the visit as scene). */
    async visitCode(req, ctx): Promise<RatingResponses['visitCode']> {
      const staff = await staffOf(ctx.caller.openid);
      const db = getDb();
      const item = await getIfExists<{ name: string; cityCode: string }>(db.collection('services').doc(req.serviceCode));
      if (!item || item.cityCode !== staff.cityCode) throw new DomainError('NOT_FOUND', '本市没有这个事项编码。');
      const visitId = randomBytes(8).toString('hex');
      const expiresAt = new Date(ctx.now.getTime() + VISIT_CODE_MINUTES * 60_000);
      const visit: Omit<VisitDoc, '_id'> = { cityCode: staff.cityCode, serviceCode: req.serviceCode, serviceName: item.name, window: req.window, staff: ctx.caller.openid, createdAt: ctx.now, expiresAt, usedBy: null };
      await db.collection('visits').doc(visitId).set({ data: visit });
      await audit({ action: 'rating.visitCode', actor: ctx.caller.openid, subject: visitId, fields: [], at: ctx.now });
      const code = (await getCloud().openapi.wxacode.getUnlimited({ scene: visitId, page: 'pages/rating/index', checkPath: false })) as { contentType: string; buffer: Buffer };
      return { visitId, image: Buffer.from(code.buffer).toString('base64'), contentType: code.contentType, expiresAt: toBeijingIso(expiresAt) };
    },

    /** The resident scanned a window code: what they are rating, and whether the code can still be used. */
    async visit(req, ctx): Promise<RatingResponses['visit']> {
      const v = await getIfExists<VisitDoc>(getDb().collection('visits').doc(req.visitId));
      if (!v) throw new DomainError('NOT_FOUND', '没有找到这次办理。请窗口工作人员重新出示评价码。');
      const reason = v.usedBy ? '这个评价码已经用过了。' : v.expiresAt.getTime() < ctx.now.getTime() ? '这个评价码已过期。' : null;
      return { visitId: v._id, serviceName: v.serviceName, window: v.window, cityName: cityByCode(v.cityCode)?.name ?? v.cityCode, labels: LEVEL_LABELS.window, usable: !reason, reason };
    },

    async queue(req, ctx): Promise<RatingResponses['queue']> {
      const staff = await staffOf(ctx.caller.openid);
      const { rows, nextCursor } = await pageOf<RatingDoc>(
        getDb().collection('ratings'),
        { cityCode: staff.cityCode, bad: true },
        { field: 'followUp.dueDate', direction: 'asc', kind: 'string' },
        req,
      );
      return { items: rows.map((r) => queueItem(r, beijingDate(ctx.now))), nextCursor };
    },

    claim: (req, ctx) =>
      staffStep(req.ratingId, ctx, 'rating.claim', (r) => {
        if (r.followUp!.claimedBy && r.followUp!.claimedBy !== ctx.caller.openid) throw new DomainError('ALREADY_CLAIMED', '这条差评已由其他工作人员认领。');
        return { claimedBy: ctx.caller.openid, state: r.followUp!.state === '待核实' ? '整改中' : r.followUp!.state };
      }),

    resolve: (req, ctx) =>
      staffStep(req.ratingId, ctx, 'rating.resolve', (r) => {
        if (r.followUp!.claimedBy !== ctx.caller.openid) throw new DomainError('NOT_CLAIMED', '请先认领这条差评。');
        return { verification: req.verification, rectification: req.rectification, state: '已整改' };
      }),

    reply: (req, ctx) =>
      staffStep(req.ratingId, ctx, 'rating.reply', (r) => {
        if (r.followUp!.claimedBy !== ctx.caller.openid) throw new DomainError('NOT_CLAIMED', '请先认领这条差评。');
        if (r.followUp!.state !== '已整改') throw new DomainError('NOT_CLAIMED', '请先记录核实和整改情况，再答复。');
        return { answer: req.answer, repliedAt: ctx.now, repliedOnTime: beijingDate(ctx.now) <= r.followUp!.dueDate, state: '已回复' };
      }),

    /** The full phone number, only where the resident asked for a call back; the read is audited. */
    async contact(req, ctx): Promise<RatingResponses['contact']> {
      const staff = await staffOf(ctx.caller.openid);
      const r = await getIfExists<RatingDoc>(getDb().collection('ratings').doc(req.ratingId));
      if (!r || r.cityCode !== staff.cityCode) throw new DomainError('NOT_FOUND', '没有找到这条差评，可能不属于本市。');
      if (!r.callbackPhone) throw new DomainError('NOT_FOUND', '评价人没有要求回访，不能查看联系电话。');
      await audit({ action: 'rating.contact', actor: ctx.caller.openid, subject: req.ratingId, fields: ['mobile'], at: ctx.now });
      return { phone: unseal('mobile', r.callbackPhone.enc) };
    },

    async stats(req): Promise<RatingResponses['stats']> {
      const db = getDb();
      const groups = await listOf<LevelCount>(
        db.collection('rating_counts').where({ cityCode: req.cityCode, month: req.month }).limit(1000),
      );
      const stats = publishStats(groups);
      const names = new Map(
        (await listOf<{ code: string; name: string }>(db.collection('services').where({ cityCode: req.cityCode }).field({ code: true, name: true }).limit(100))).map((s) => [s.code, s.name]),
      );
      return {
        cityCode: req.cityCode,
        month: req.month,
        items: stats.items.map((i) => ({ ...i, serviceName: names.get(i.serviceCode) ?? i.serviceCode })),
        suppressed: stats.suppressed,
      };
    },
  },
});
