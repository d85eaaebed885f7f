import { randomBytes } from 'node:crypto';
import type { FilingResponses } from '../core/contracts/filing';
import type { EmployerDoc, UnitInvitationDoc } from '../core/identity/employers';
import { audit } from '../core/platform/audit';
import { collection } from '../core/platform/collection';
import type { ActionContext } from '../core/platform/handler';
import { toBeijingIso } from '../core/rules/beijingTime';

export const UNIT_INVITATION_DAYS = 7;
/** No letters that look like digits (O/0, I/1): read aloud or typed by an older employee. */
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A unit's invitation to its employees: one code for the unit, valid 7 days, shared with the staff; each
 * employee accepts it in their own verified WeChat, which is what lets the unit file for them.
 */
export async function inviteStaff(employer: EmployerDoc, ctx: ActionContext): Promise<FilingResponses['unitInvite']> {
  const code = [...randomBytes(8)].map((b) => CODE_CHARS[b % CODE_CHARS.length]).join('');
  const doc: Omit<UnitInvitationDoc, '_id'> = {
    creditCode: employer.creditCode,
    cityCode: employer.cityCode,
    createdBy: ctx.caller.openid,
    expiresAt: new Date(ctx.now.getTime() + UNIT_INVITATION_DAYS * 86_400_000),
  };
  await collection('unit_invitations').doc(code).set({ data: doc });
  await audit({ action: 'unit.invite', actor: ctx.caller.openid, subject: 'unit', fields: [], at: ctx.now });
  return { code, expiresAt: toBeijingIso(doc.expiresAt) };
}
