import type { FilingReminderView, FilingResponses } from '../core/contracts/filing';
import { type filingRequest } from '../core/contracts/filing';
import type { FilingDoc } from '../core/documents/filing';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import type { ActionsFor } from '../core/platform/handler';
import { getDb, type Txn } from '../core/platform/sdk';
import { templateId } from '../core/platform/subscribeMessages';
import { beijingDate } from '../core/rules/beijingTime';
import { addDays } from '../core/rules/filing';
import { dateWords } from '../core/rules/filingChecks';
import { filingPolicyOf } from './views';

/**
 * 备案即将到期 for one filing, as its filer sees it: offered where a reminder can still help (a temporary filing,
 * in force or to come, whose reminder day is still ahead), and whether it is on. Only the filer is asked: the
 * reminder goes to whoever subscribed, and that is the WeChat account that filed.
 */
export function reminderView(f: FilingDoc, caller: string, today: string): FilingReminderView {
  const template = templateId('filingExpiring');
  const remindOn = f.validUntil ? addDays(f.validUntil, -filingPolicyOf(f.cityCode).policy.expiryReminderDays) : null;
  const offered =
    !!template &&
    f.owner === caller &&
    f.category === 'temporary' &&
    f.result === 'accepted' &&
    !f.cancelledAt &&
    !!remindOn &&
    remindOn > today;
  if (!offered) return { offered, on: false, templateId: null, remindOn: null, why: '' };
  const days = filingPolicyOf(f.cityCode).policy.expiryReminderDays;
  const late =
    f.plannedReturn && f.plannedReturn > f.validUntil! ? `，早于您预计回来的${dateWords(f.plannedReturn)}` : '';
  return {
    offered,
    on: f.subscribe,
    templateId: template,
    remindOn,
    why:
      `这次备案到${dateWords(f.validUntil!)}为止${late}。到期前${days}天（${dateWords(remindOn!)}），微信会提醒您一次：` +
      '那时还在外地看病的，可以先续办，免得备案过期后看病要先全额自付。',
  };
}

export const reminderActions = {
  /**
   * After WeChat's own dialog said 允许: the filing's reminder is turned on (the timer sends it once). Checked and
   * written in one transaction, so a filing cancelled meanwhile is never reminded.
   */
  async remind(req, ctx): Promise<FilingResponses['remind']> {
    const today = beijingDate(ctx.now);
    const caller = ctx.caller.openid;
    const reminder = await getDb().runTransaction(async (t: Txn) => {
      const ref = collection('filings', t).doc(req.filingId);
      const f = await ref.get();
      if (!f || f.owner !== caller) throw new DomainError('NOT_FOUND', '没有找到这条备案。请在“我的备案”中查看。');
      const now = reminderView(f, caller, today);
      if (!now.offered)
        throw new DomainError('CONFLICT', '这条备案不需要到期提醒（长期备案、已撤销或快到期的，不再提醒）。');
      if (!f.subscribe) await ref.update({ data: { subscribe: true, remindPending: true } });
      return reminderView({ ...f, subscribe: true }, caller, today);
    }, 6);
    return { reminder };
  },
} satisfies ActionsFor<typeof filingRequest>;
