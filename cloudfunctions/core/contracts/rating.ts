import { z } from 'zod';
import { ASPECTS, BAD_REASONS, type ItemStats, type RatingScale } from '../rules/rating';
import { divisionCode } from '../policies/schema';
import { serviceCode } from '../catalog/serviceItem';
import { pageRequest } from './page';

const ratingId = z.string().min(3).max(80);
const level = z.number().int().min(1).max(5);
const text = (max: number) => z.string().trim().min(1).max(max);

export const ratingRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('pending') }).strict(),
  z
    .object({
      action: z.literal('submit'),
      serviceRef: z
        .object({ kind: z.enum(['declaration', 'filing', 'visit']), id: z.string().min(1).max(40) })
        .strict(),
      /** online for a declaration or filing (一事一评), window for a scanned visit (一次一评). */
      channel: z.enum(['online', 'window']),
      level,
      aspects: z.record(z.enum(ASPECTS), level).optional(),
      reasons: z.array(z.enum(BAD_REASONS)).max(BAD_REASONS.length).optional(),
      comment: z.string().trim().max(200).optional(),
      callback: z.boolean().default(false),
      requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    })
    .strict(),
  z.object({ action: z.literal('mine'), ...pageRequest }).strict(),
  z.object({ action: z.literal('confirm'), ratingId, satisfied: z.boolean() }).strict(),
  z.object({ action: z.literal('queue'), ...pageRequest }).strict(),
  z.object({ action: z.literal('deskServices') }).strict(),
  z
    .object({
      action: z.literal('visitCode'),
      serviceCode,
      window: z.string().trim().min(1).max(30),
    })
    .strict(),
  z.object({ action: z.literal('visit'), visitId: z.string().regex(/^[A-Za-z0-9]{8,32}$/) }).strict(),
  z.object({ action: z.literal('claim'), ratingId }).strict(),
  z.object({ action: z.literal('resolve'), ratingId, verification: text(500), rectification: text(500) }).strict(),
  z.object({ action: z.literal('reply'), ratingId, answer: text(500) }).strict(),
  z.object({ action: z.literal('contact'), ratingId }).strict(),
  z
    .object({ action: z.literal('stats'), cityCode: divisionCode, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) })
    .strict(),
]);
export type RatingRequest = z.input<typeof ratingRequest>;

export type FollowUpState = '待核实' | '整改中' | '已整改' | '已回复';

export interface RatingView {
  id: string;
  serviceTitle: string;
  channel: 'online' | 'window';
  level: number;
  levelLabel: string;
  bad: boolean;
  reasons: string[];
  comment: string | null;
  submittedAt: string;
  followUp: null | {
    state: FollowUpState;
    dueDate: string;
    overdue: boolean;
    answer: string | null;
    repliedAt: string | null;
    residentSatisfied: boolean | null;
  };
}

export interface QueueItem extends RatingView {
  cityCode: string;
  /** Masked; the full number only through `contact`, when the resident asked for a call back. */
  callbackPhone: string | null;
  /** The rater deleted their data (已注销): no call back is possible, the answer is recorded all the same. */
  raterDeleted: boolean;
  claimedBy: string | null;
  verification: string | null;
  rectification: string | null;
}

export interface RatingResponses {
  pending: {
    items: Array<{
      serviceRef: { kind: 'declaration' | 'filing'; id: string };
      title: string;
      /** What tells two services of one title apart: for whom, and for a filing where to and from when. */
      detail: string;
      completedAt: string;
    }>;
    /** The online scale (labels, which levels are 差评, the reasons to tap): the page shows what the server judges. */
    scale: RatingScale;
  };
  submit: { rating: RatingView };
  mine: { ratings: RatingView[]; nextCursor: string | null };
  confirm: { rating: RatingView };
  queue: { items: QueueItem[]; nextCursor: string | null };
  /** The 事项 a staff member can make a window code for: the 办事指南 of their city, those handled at a window first. */
  deskServices: {
    cityCode: string;
    cityName: string;
    items: Array<{ code: string; name: string; category: string; atWindow: boolean }>;
  };
  /** A one-time code for a window visit: the image (base64) to show, valid until `expiresAt`. */
  visitCode: { visitId: string; image: string; contentType: string; expiresAt: string };
  visit: {
    visitId: string;
    serviceName: string;
    window: string;
    cityName: string;
    /** The window scale. */
    scale: RatingScale;
    usable: boolean;
    reason: string | null;
  };
  claim: { item: QueueItem };
  resolve: { item: QueueItem };
  reply: { item: QueueItem };
  contact: { phone: string };
  stats: {
    cityCode: string;
    month: string;
    /** One entry per service item and channel, each with its channel's own five labels. */
    items: Array<ItemStats & { serviceName: string }>;
    /** Items (per channel) left out because they had fewer than 5 ratings. */
    suppressed: number;
  };
}
