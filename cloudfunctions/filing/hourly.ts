import type { ActionContext } from '../core/platform/handler';
import { toBeijingIso } from '../core/rules/beijingTime';
import { remindExpiring } from './reminders';
import { purgeRosters } from './roster';

/** Reminders go out in the day only (Beijing hours 9–20): a run missed at 9 is caught up later that day. */
const REMIND_FROM_HOUR = 9;
const REMIND_UNTIL_HOUR = 20;

/**
 * The filing function's one timer trigger. WeChat's trigger documentation allows one timer trigger per function
 * ("目前一个云函数只支持一个定时触发器"), so the hourly trigger does both jobs: rosters every hour, reminders
 * in the day. Each job is idempotent, so a repeated or concurrent run does nothing twice.
 */
export async function hourly(ctx: ActionContext) {
  const hour = Number(toBeijingIso(ctx.now).slice(11, 13));
  const daytime = hour >= REMIND_FROM_HOUR && hour <= REMIND_UNTIL_HOUR;
  return {
    purgeRosters: await purgeRosters(ctx),
    remindExpiring: daytime ? await remindExpiring(ctx) : null,
  };
}
