import { randomBytes } from 'node:crypto';
import { audit } from '../core/platform/audit';
import { getCloud, getDb, getIfExists, listOf } from '../core/platform/sdk';
import type { RatingResponses } from '../core/contracts/rating';
import { ratingRequest } from '../core/contracts/rating';
import { DomainError } from '../core/platform/envelope';
import { createHandler } from '../core/platform/handler';
import { pageOf } from '../core/platform/paging';
import { verifiedSelf } from '../core/identity/people';
import { unseal } from '../core/identity/personalData';
import { cityByCode } from '../core/policies';
import { type LevelCount, publishStats, scaleOf } from '../core/rules/rating';
import { beijingDate, toBeijingIso } from '../core/rules/beijingTime';
import type { RatingDoc, VisitDoc } from '../core/documents/rating';
import { queueItem, view } from './views';
import { staffStep } from './staff';
import { staffOf } from '../core/identity/staff';
import { VISIT_CODE_MINUTES, service, submitRating } from './submit';
import { defaultRatings } from './defaults';

export const main = createHandler({
  schema: ratingRequest,
  publicActions: ['stats'],
  timers: { defaultRatings },
  actions: {
    async pending(_req, ctx): Promise<RatingResponses['pending']> {
      await verifiedSelf(ctx.caller.openid);
      const db = getDb();
      const [declarations, filings, rated] = await Promise.all([
        listOf<{ _id: string; result: string }>(
          db.collection('facility_declarations').where({ owner: ctx.caller.openid, result: 'accepted' }).limit(100),
        ),
        listOf<{ _id: string; result: string }>(
          db.collection('filings').where({ owner: ctx.caller.openid, result: 'accepted' }).limit(100),
        ),
        listOf<{ _id: string }>(
          db.collection('ratings').where({ owner: ctx.caller.openid }).field({ _id: true }).limit(1000),
        ),
      ]);
      const done = new Set(rated.map((r) => r._id));
      const refs = [
        ...declarations.map((d) => ({ kind: 'declaration' as const, id: d._id })),
        ...filings.map((f) => ({ kind: 'filing' as const, id: f._id })),
      ].filter((ref) => !done.has(`${ref.kind}:${ref.id}`));
      const items = [];
      for (const ref of refs) {
        const s = await service(ref.kind, ref.id, ctx.caller.openid);
        if (s)
          items.push({ serviceRef: ref, title: s.title, detail: s.detail, completedAt: toBeijingIso(s.completedAt) });
      }
      return { items, scale: scaleOf('online') };
    },

    submit: submitRating,

    async mine(req, ctx): Promise<RatingResponses['mine']> {
      await verifiedSelf(ctx.caller.openid);
      const { rows, nextCursor } = await pageOf<RatingDoc>(
        getDb().collection('ratings'),
        { owner: ctx.caller.openid },
        { field: 'submittedAt', direction: 'desc', kind: 'date' },
        req,
      );
      return { ratings: rows.map((r) => view(r, beijingDate(ctx.now))), nextCursor };
    },

    async confirm(req, ctx): Promise<RatingResponses['confirm']> {
      await verifiedSelf(ctx.caller.openid);
      const db = getDb();
      const r = await getIfExists<RatingDoc>(db.collection('ratings').doc(req.ratingId));
      if (!r || r.owner !== ctx.caller.openid) throw new DomainError('NOT_FOUND', '没有找到这条评价。');
      if (r.followUp?.state !== '已回复') throw new DomainError('NOT_CLAIMED', '工作人员答复后，才能评价整改结果。');
      await db
        .collection('ratings')
        .doc(req.ratingId)
        .update({ data: { 'followUp.residentSatisfied': req.satisfied } });
      return {
        rating: view({ ...r, followUp: { ...r.followUp, residentSatisfied: req.satisfied } }, beijingDate(ctx.now)),
      };
    },

    /** Staff at a window: a one-time code for this visit (WeChat's mini-program code with the visit as scene). */
    async visitCode(req, ctx): Promise<RatingResponses['visitCode']> {
      const staff = await staffOf(ctx.caller.openid);
      const db = getDb();
      const item = await getIfExists<{ name: string; cityCode: string }>(
        db.collection('services').doc(req.serviceCode),
      );
      if (!item || item.cityCode !== staff.cityCode) throw new DomainError('NOT_FOUND', '本市没有这个事项编码。');
      const visitId = randomBytes(8).toString('hex');
      const expiresAt = new Date(ctx.now.getTime() + VISIT_CODE_MINUTES * 60_000);
      const visit: Omit<VisitDoc, '_id'> = {
        cityCode: staff.cityCode,
        serviceCode: req.serviceCode,
        serviceName: item.name,
        window: req.window,
        staff: ctx.caller.openid,
        createdAt: ctx.now,
        expiresAt,
      };
      await db.collection('visits').doc(visitId).set({ data: visit });
      await audit({ action: 'rating.visitCode', actor: ctx.caller.openid, subject: visitId, fields: [], at: ctx.now });
      const code = (await getCloud().openapi.wxacode.getUnlimited({
        scene: visitId,
        page: 'pages/rating/index',
        checkPath: false,
      })) as { contentType: string; buffer: Buffer };
      return {
        visitId,
        image: Buffer.from(code.buffer).toString('base64'),
        contentType: code.contentType,
        expiresAt: toBeijingIso(expiresAt),
      };
    },

    /** The resident scanned a window code: what they are rating, and whether the code can still be used. */
    async visit(req, ctx): Promise<RatingResponses['visit']> {
      // A code is used up by the rating of its visit (whose, it does not say).
      const [v, rated] = await Promise.all([
        getIfExists<VisitDoc>(getDb().collection('visits').doc(req.visitId)),
        getIfExists<RatingDoc>(getDb().collection('ratings').doc(`visit:${req.visitId}`)),
      ]);
      if (!v) throw new DomainError('NOT_FOUND', '没有找到这次办理。请窗口工作人员重新出示评价码。');
      const reason = rated
        ? '这个评价码已经用过了。'
        : v.expiresAt.getTime() < ctx.now.getTime()
          ? '这个评价码已过期。'
          : null;
      return {
        visitId: v._id,
        serviceName: v.serviceName,
        window: v.window,
        cityName: cityByCode(v.cityCode)?.name ?? v.cityCode,
        scale: scaleOf('window'),
        usable: !reason,
        reason,
      };
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
        if (r.followUp!.claimedBy && r.followUp!.claimedBy !== ctx.caller.openid)
          throw new DomainError('ALREADY_CLAIMED', '这条差评已由其他工作人员认领。');
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
        return {
          answer: req.answer,
          repliedAt: ctx.now,
          repliedOnTime: beijingDate(ctx.now) <= r.followUp!.dueDate,
          state: '已回复',
        };
      }),

    /** The full phone number, only where the resident asked for a call back; the read is audited. */
    async contact(req, ctx): Promise<RatingResponses['contact']> {
      const staff = await staffOf(ctx.caller.openid);
      const r = await getIfExists<RatingDoc>(getDb().collection('ratings').doc(req.ratingId));
      if (!r || r.cityCode !== staff.cityCode) throw new DomainError('NOT_FOUND', '没有找到这条差评，可能不属于本市。');
      if (r.raterDeletedAt)
        throw new DomainError('NOT_FOUND', '评价人已注销，联系电话已随之删除，无法回访。请直接记录整改和答复。');
      if (!r.callbackPhone) throw new DomainError('NOT_FOUND', '评价人没有要求回访，不能查看联系电话。');
      await audit({
        action: 'rating.contact',
        actor: ctx.caller.openid,
        subject: req.ratingId,
        fields: ['mobile'],
        at: ctx.now,
      });
      return { phone: unseal('mobile', r.callbackPhone.enc) };
    },

    async stats(req): Promise<RatingResponses['stats']> {
      const db = getDb();
      const groups = await listOf<LevelCount>(
        db.collection('rating_counts').where({ cityCode: req.cityCode, month: req.month }).limit(1000),
      );
      const stats = publishStats(groups);
      const names = new Map(
        (
          await listOf<{ code: string; name: string }>(
            db.collection('services').where({ cityCode: req.cityCode }).field({ code: true, name: true }).limit(100),
          )
        ).map((s) => [s.code, s.name]),
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
