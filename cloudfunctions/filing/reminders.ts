import { collection } from '../core/platform/collection';
import { type ActionContext } from '../core/platform/handler';
import { getDb } from '../core/platform/sdk';
import { sendSubscribeMessage, templateId } from '../core/platform/subscribeMessages';
import { beijingDate } from '../core/rules/beijingTime';
import { addDays } from '../core/rules/filing';
import { filingPolicyOf } from './views';

/** The reminder's note (a thing field: at most 20 characters): the end date against the planned return. */
export function expiryNote(validUntil: string, plannedReturn: string | null): string {
  const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  // date2 carries the end date; the note sets it against the planned return.
  if (plannedReturn && plannedReturn > validUntil) return `早于预计${md(plannedReturn)}回来，请续办`;
  if (plannedReturn) return `预计${md(plannedReturn)}回来，早于到期日`;
  return '备案即将到期，如仍需就医请及时续办';
}

/**
 * Timer: 备案即将到期, N days (policy) before a subscribed temporary filing ends. Each filing is claimed before
 * it is sent, so a late run still sends, and a second run (or two at once) sends nothing twice.
 */
export async function remindExpiring({ now }: ActionContext) {
  const db = getDb();
  const template = templateId('filingExpiring');
  const today = beijingDate(now);
  const horizon = addDays(today, 30);
  const due = await collection('filings')
    .where({ remindPending: true, validUntil: db.command.gte(today).and(db.command.lte(horizon)) })
    .limit(200)
    .get();
  let sent = 0;
  for (const f of due) {
    const { policy } = filingPolicyOf(f.cityCode);
    if (!f.validUntil || addDays(f.validUntil, -policy.expiryReminderDays) > today || f.cancelledAt) continue;
    const claimed = (await collection('filings')
      .where({ _id: f._id, remindPending: true })
      .update({ data: { remindPending: false } })) as { stats?: { updated: number } };
    if (!claimed.stats?.updated || !template) continue;
    const ok = await sendSubscribeMessage({
      touser: f.owner,
      templateId: template,
      page: `pages/filing-certificate/index?filingId=${f._id}`,
      data: {
        thing1: { value: `${f.forWhom}·${f.typeName}`.slice(0, 20) },
        date2: { value: f.validUntil },
        thing3: { value: expiryNote(f.validUntil, f.plannedReturn ?? null) },
      },
    });
    if (ok) sent += 1;
  }
  return { due: due.length, sent };
}
