import { collection } from '../core/platform/collection';
import { audit } from '../core/platform/audit';
import { getDb, type Txn } from '../core/platform/sdk';
import type { UnitAgentView, UserResponses } from '../core/contracts/user';
import { type userRequest } from '../core/contracts/user';
import { type EmployerStaffDoc, type UnitInvitationDoc, staffLinkId } from '../core/identity/employers';
import { DomainError } from '../core/platform/envelope';
import type { Actions } from '../core/platform/handler';
import { verifiedSelf } from '../core/identity/people';
import { cityByCode } from '../core/policies';
import { toBeijingIso } from '../core/rules/beijingTime';
import type { z } from 'zod';

/**
 * 单位代办 from the employee's side: accepting a unit's invitation from their own verified account (the proof
 * that the unit may file for them), seeing every unit that may, and revoking one they accepted.
 */
const NO_UNIT_INVITATION = () =>
  new DomainError(
    'NOT_FOUND',
    '没有找到这个单位邀请码，或已超过 7 天有效期。请核对后重新输入，或向单位经办人索取新的邀请码。',
  );

async function liveInvitation(code: string, now: Date): Promise<UnitInvitationDoc> {
  const invitation = await collection('unit_invitations').doc(code).get();
  if (!invitation || invitation.expiresAt.getTime() <= now.getTime()) throw NO_UNIT_INVITATION();
  return invitation;
}

export function unitView(link: EmployerStaffDoc): UnitAgentView {
  return {
    creditCode: link.creditCode,
    cityName: cityByCode(link.cityCode)?.name ?? link.cityCode,
    source: link.source,
    at: link.at.toISOString(),
  };
}

/** Every unit that may file for the holder of `idHash`. */
export async function unitsFor(idHash: string): Promise<UnitAgentView[]> {
  const links = await collection('employer_staff').where({ idHash }).limit(100).get();
  return links.map(unitView);
}

export const unitActions = {
  async unitInvitation(req, { caller, now }): Promise<UserResponses['unitInvitation']> {
    await verifiedSelf(caller.openid);
    const invitation = await liveInvitation(req.code, now);
    return {
      creditCode: invitation.creditCode,
      cityName: cityByCode(invitation.cityCode)?.name ?? invitation.cityCode,
      expiresAt: toBeijingIso(invitation.expiresAt),
    };
  },

  async acceptUnitInvitation(req, { caller, now }): Promise<UserResponses['acceptUnitInvitation']> {
    const { profile } = await verifiedSelf(caller.openid);
    const invitation = await liveInvitation(req.code, now);
    if (invitation.cityCode !== profile.cityCode) {
      throw new DomainError(
        'WRONG_CITY',
        `这个单位在${cityByCode(invitation.cityCode)?.name ?? '其他城市'}参保办理，您的参保地是${cityByCode(profile.cityCode)?.name ?? '其他城市'}，单位不能为您代办。请自己在“异地就医备案”中办理。`,
      );
    }
    const link: EmployerStaffDoc = {
      _id: staffLinkId(invitation.creditCode, profile.idNumber.hash),
      creditCode: invitation.creditCode,
      cityCode: invitation.cityCode,
      idHash: profile.idNumber.hash,
      source: 'invitation',
      account: caller.openid,
      at: now,
    };
    await getDb().runTransaction(async (t: Txn) => {
      const { _id, ...data } = link;
      await collection('employer_staff', t).doc(_id).set({ data });
      await audit({ action: 'unit.authorize', actor: caller.openid, subject: 'self', fields: [], at: now }, t);
    });
    return { unit: unitView(link) };
  },

  async revokeUnit(req, { caller, now }): Promise<UserResponses['revokeUnit']> {
    const { profile } = await verifiedSelf(caller.openid);
    await getDb().runTransaction(async (t: Txn) => {
      const ref = collection('employer_staff', t).doc(staffLinkId(req.creditCode, profile.idNumber.hash));
      const link = await ref.get();
      if (!link) throw new DomainError('NOT_FOUND', '没有找到这项单位授权，可能已经撤销。请刷新列表。');
      // The unit's 参保 list comes from the insurance system: only the 医保 office changes it.
      if (link.source !== 'invitation') {
        throw new DomainError(
          'NOT_REVOCABLE',
          '这个单位在医保经办机构登记的参保名单上有您，可为您批量办理。如您已离职或不同意，请联系单位或参保地医保经办机构。',
        );
      }
      await ref.remove();
      await audit({ action: 'unit.revoke', actor: caller.openid, subject: 'self', fields: [], at: now }, t);
    });
    return { revoked: req.creditCode };
  },
} satisfies Partial<Actions<z.output<typeof userRequest>>>;
