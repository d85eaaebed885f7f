import { SCHEME_LABELS } from '../../miniprogram/shared/insurance';
import { resolveSubject } from '../core/identity/people';
import { DomainError } from '../core/platform/envelope';
import { cityByCode } from '../core/policies';
import type { CityPolicy, FacilityPolicy } from '../core/policies/schema';

export function facilityOf(cityCode: string): { city: CityPolicy; policy: FacilityPolicy } {
  const city = cityByCode(cityCode);
  if (!city?.facility) {
    throw new DomainError(
      'NOT_OFFERED',
      `${city?.name ?? '该参保地'}暂未开通定点医疗机构选点。可在办事指南中查看办理方式。`,
    );
  }
  return { city, policy: city.facility };
}

/** Whose selection, and the facts the rules need: the caller's own, or a family member's. */
export async function facilitySubject(openid: string, memberId: string | undefined, now: Date) {
  const subject = await resolveSubject(openid, memberId, now);
  const { city, policy } = facilityOf(subject.person.cityCode);
  if (policy.scheme !== 'any' && policy.scheme !== subject.person.scheme) {
    throw new DomainError(
      'NOT_OFFERED',
      `${city.name}的在线选点/变更面向${SCHEME_LABELS[policy.scheme]}参保人。其他人员请到医保窗口办理。`,
    );
  }
  return {
    subjectKey: subject.person.idNumber.hash,
    memberId: subject.memberId,
    forWhom: subject.forWhom,
    actedBy: subject.actedBy,
    city,
    policy,
  };
}
