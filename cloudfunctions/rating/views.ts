import type { QueueItem, RatingView } from '../core/contracts/rating';
import type { RatingDoc } from '../core/documents/rating';
import { toBeijingIso } from '../core/rules/beijingTime';
import { levelLabel } from '../core/rules/rating';

/** How a rating reads for the resident and for the staff queue. */

export function view(r: RatingDoc, today: string): RatingView {
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

export function queueItem(r: RatingDoc, today: string): QueueItem {
  return {
    ...view(r, today),
    cityCode: r.cityCode,
    callbackPhone: r.callbackPhone?.masked ?? null,
    raterDeleted: !!r.raterDeletedAt,
    claimedBy: r.followUp?.claimedBy ?? null,
    verification: r.followUp?.verification ?? null,
    rectification: r.followUp?.rectification ?? null,
  };
}
