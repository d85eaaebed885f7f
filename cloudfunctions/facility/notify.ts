import { collection } from '../core/platform/collection';
import { type ActionContext } from '../core/platform/handler';
import { getDb } from '../core/platform/sdk';
import { sendSubscribeMessage, templateId } from '../core/platform/subscribeMessages';
import { toBeijingIso } from '../core/rules/beijingTime';

/** Timer: send 变更生效提醒 for subscribed declarations that have taken effect. Late or repeated runs send once. */
export async function notifyEffective({ now }: ActionContext) {
  const db = getDb();
  const template = templateId('facilityEffective');
  const due = await collection('facility_declarations')
    .where({ notifyPending: true, effectiveFrom: db.command.lte(now) })
    .limit(100)
    .get();
  let sent = 0;
  for (const d of due) {
    // Claim it first: a second run at the same moment finds nothing to claim.
    const claimed = (await collection('facility_declarations')
      .where({ _id: d._id, notifyPending: true })
      .update({ data: { notifyPending: false } })) as { stats?: { updated: number } };
    if (!claimed.stats?.updated || !template || d.result !== 'accepted') continue;
    const ok = await sendSubscribeMessage({
      touser: d.owner,
      templateId: template,
      page: 'pages/facility-mine/index',
      data: {
        thing1: { value: d.institution.name.slice(0, 20) },
        time2: { value: toBeijingIso(d.effectiveFrom!).slice(0, 16).replace('T', ' ') },
        thing3: { value: `${d.forWhom}的定点变更已生效`.slice(0, 20) },
      },
    });
    if (ok) sent += 1;
  }
  return { due: due.length, sent };
}
