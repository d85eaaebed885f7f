import { randomBytes } from 'node:crypto';
import type { RatingResponses } from '../core/contracts/rating';
import { type ratingRequest } from '../core/contracts/rating';
import type { VisitDoc } from '../core/documents/rating';
import { staffOf } from '../core/identity/staff';
import { audit } from '../core/platform/audit';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { getCloud } from '../core/platform/sdk';
import { cityByCode } from '../core/policies';
import { toBeijingIso } from '../core/rules/beijingTime';
import { scaleOf } from '../core/rules/rating';
import { VISIT_CODE_MINUTES } from './submit';

/** A 办事指南 has a few dozen items per city (廊坊 28): one read holds them all. */
const DESK_SERVICES_MAX = 200;

/** 一次一评 at a window: staff make a visit's code, the resident scans it. */
export const visitActions = {
  /** Staff: the 事项 of their city to choose from (never a code typed by hand), those offered at a window first. */
  async deskServices(_req, ctx): Promise<RatingResponses['deskServices']> {
    const staff = await staffOf(ctx.caller.openid);
    const rows = await collection('services')
      .where({ cityCode: staff.cityCode })
      .orderBy('code', 'asc')
      .limit(DESK_SERVICES_MAX)
      .field({ code: true, name: true, category: true, channels: true })
      .get();
    const items = rows.map((s) => ({
      code: s.code,
      name: s.name,
      category: s.category,
      atWindow: s.channels.some((c) => c.kind === 'window'),
    }));
    return {
      cityCode: staff.cityCode,
      cityName: cityByCode(staff.cityCode)?.name ?? staff.cityCode,
      items: [...items.filter((i) => i.atWindow), ...items.filter((i) => !i.atWindow)],
    };
  },

  /** Staff at a window: a one-time code for this visit (WeChat's mini-program code with the visit as scene). */
  async visitCode(req, ctx): Promise<RatingResponses['visitCode']> {
    const staff = await staffOf(ctx.caller.openid);
    const item = await collection('services').doc(req.serviceCode).get();
    if (!item || item.cityCode !== staff.cityCode)
      throw new DomainError(
        'NOT_FOUND',
        `${cityByCode(staff.cityCode)?.name ?? '本市'}的办事指南里没有编码为 ${req.serviceCode} 的事项，只能为本市办事指南里的事项生成评价码。请重新选择事项。`,
      );
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
    await collection('visits').doc(visitId).set({ data: visit });
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
      collection('visits').doc(req.visitId).get(),
      collection('ratings').doc(`visit:${req.visitId}`).get(),
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
} satisfies ActionsFor<typeof ratingRequest>;
