import type { CatalogResponses, DeadlineVariant } from '../core/contracts/catalog';
import { type catalogRequest } from '../core/contracts/catalog';
import { DomainError } from '../core/platform/envelope';
import { beijingDate } from '../core/rules/beijingTime';
import { dueFor } from '../core/rules/deadline';
import { weekdayName } from '../core/rules/searchText';

import type { ActionsFor } from '../core/platform/handler';
import { calendarFrom, findItem } from './loaders';
function summaryOf(v: DeadlineVariant): string {
  if (v.immediate) return '即时办结：材料齐全的，提交时即可办结';
  const day = `${v.dueDate}（${weekdayName(v.dueDate)}）`;
  return `${v.estimated ? '预计' : ''}${day} 24:00 前办结${v.estimated ? '（该年度放假安排尚未公布，按周末估算）' : ''}`;
}

/** When an office must finish an item submitted on a given day, in working days. */
export const deadlineActions = {
  async deadline(req, ctx): Promise<CatalogResponses['deadline']> {
    const item = await findItem(req.serviceCode);
    const submittedAt = req.submittedAt ? new Date(req.submittedAt) : ctx.now;
    const calendar = await calendarFrom(beijingDate(submittedAt));
    const variants: DeadlineVariant[] = [];
    for (const rule of item.timeLimit.rules) {
      const due = dueFor(rule.limit, submittedAt, calendar);
      if (due) variants.push({ audience: rule.audience ?? null, immediate: rule.limit.kind === 'immediate', ...due });
    }
    if (!variants.length) {
      throw new DomainError(
        'NO_FIXED_TIME_LIMIT',
        `该事项的办理时限为“${item.timeLimit.text}”，无法推算截止日期，请向经办机构咨询。`,
      );
    }
    let chosen: DeadlineVariant;
    if (req.audience) {
      const match = variants.find((v) => v.audience === req.audience);
      if (!match) {
        throw new DomainError('VALIDATION_FAILED', '该事项没有这类办理对象', {
          fieldErrors: { audience: [`可选：${variants.map((v) => v.audience).join('、')}`] },
        });
      }
      chosen = match;
    } else {
      // Without an audience, answer the latest due time: a person is never told "sooner" than is true.
      chosen = variants.reduce((a, b) => (b.dueAt > a.dueAt ? b : a));
    }
    return {
      serviceCode: item.code,
      timeLimitText: item.timeLimit.text,
      ...chosen,
      variants,
      summary: summaryOf(chosen),
    };
  },
} satisfies ActionsFor<typeof catalogRequest>;
