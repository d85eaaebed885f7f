import type { FilingPolicy, FilingReason } from '../policies/schema';
import { isCrossProvince } from '../policies/divisions';
import { NATIONAL_FILING_NOTES } from '../policies/national';
import { addDays, addMonths, isDate } from './beijingTime';
import { SCHEME_LABELS } from '../../../miniprogram/shared/insurance';

/**
 * 异地就医备案 rules as pure functions of (policy, person, request, existing filings, today). Dates are
 * Beijing calendar dates 'YYYY-MM-DD'. Nothing here names a city.
 */

export type FilingType = FilingPolicy['types'][number];

export interface Person {
  cityCode: string;
  scheme: 'employee' | 'resident';
  category: string;
}

export interface FilingRequest {
  serviceCode: string;
  destinationCityCode: string;
  startDate: string;
  address?: string;
  contactPhone?: string;
}

export interface ExistingFiling {
  id: string;
  typeName: string;
  category: 'longTerm' | 'temporary';
  validFrom: string;
  validUntil: string | null;
  destinationName: string;
  cancelled: boolean;
}

export type FilingReasonCode =
  'NOT_FOUND' | 'NOT_ONLINE' | 'NOT_ELIGIBLE' | 'MATERIALS_MISSING' | 'OVERLAPPING_FILING' | 'INVALID_DATE';

export interface FilingDecision {
  allowed: boolean;
  type: FilingType | null;
  reasons: Array<{ code: FilingReasonCode; message: string }>;
  /** Everything missing at once (一次性告知). */
  missing: string[];
  scope: '跨省' | '省内';
  validFrom: string | null;
  validUntil: string | null;
  /** The existing filing this one overlaps (OVERLAPPING_FILING): where to change it depends on who filed it. */
  blockingId?: string;
}

const MISSING_LABELS: Record<FilingType['requires'][number], string> = {
  address: '就医地居住地址',
  contactPhone: '联系电话',
};
const MAX_DAYS_BEFORE = 183;
const MAX_DAYS_AHEAD = 183;

export { addDays };

/**
 * The last valid day of `months` months from `start` (start day included): the day before the same day
 * `months` later; where that day does not exist (31st, 29 Feb), the last day of that month.
 * 2026-12-01 + 6 → 2027-05-31; 2026-08-31 + 6 → 2027-02-28; 2027-08-31 + 6 → 2028-02-29.
 */
export function validUntil(start: string, months: number): string {
  const later = addMonths(start, months);
  return later.clamped ? later.date : addDays(later.date, -1);
}

export function typesFor(policy: FilingPolicy, reason: FilingReason): FilingType[] {
  return policy.types.filter((t) => t.reasons.includes(reason));
}

/** National rules that bear on a type, as reminders (e.g. 个人承诺书 for a long-term filing). */
export function nationalNotes(policy: FilingPolicy, type: Pick<FilingType, 'category' | 'reasons'>): string[] {
  return [
    ...(policy.national.emergencyCountsAsFiled && type.reasons.includes('emergency')
      ? [NATIONAL_FILING_NOTES.emergencyCountsAsFiled]
      : []),
    ...(policy.national.commitmentForLongTerm && type.category === 'longTerm'
      ? [NATIONAL_FILING_NOTES.commitmentForLongTerm]
      : []),
  ];
}

/** The questionnaire: reason and destination → the type, why it fits, or why none does; and what else to know. */
export function recommend(policy: FilingPolicy, person: Person, reason: FilingReason, destinationCityCode: string) {
  const cross = isCrossProvince(person.cityCode, destinationCityCode);
  const scope = cross ? '跨省' : '省内';
  // Whether or not a type fits, an emergency is treated first and filed afterwards.
  const notes =
    policy.national.emergencyCountsAsFiled && reason === 'emergency'
      ? [NATIONAL_FILING_NOTES.emergencyCountsAsFiled]
      : [];
  const candidates = typesFor(policy, reason);
  const fits = candidates.filter((t) => !t.crossProvinceOnly || cross);
  if (!fits.length) {
    return {
      type: null,
      eligible: false,
      scope,
      note: policy.noTypeNote[reason] ?? '没有对应的备案类型，请向参保地医保经办机构咨询。',
      notes,
    } as const;
  }
  const type = fits[0];
  const ineligible = eligibility(policy, type, person);
  return { type, eligible: !ineligible, scope, note: ineligible ?? type.why, notes } as const;
}

function eligibility(policy: FilingPolicy, type: FilingType, person: Person): string | null {
  if (!type.schemes.includes(person.scheme)) {
    const served = type.schemes.map((s) => SCHEME_LABELS[s]).join('、');
    return `${type.name}面向${served}参保人。${policy.otherSchemeNote[person.scheme] ?? ''}`;
  }
  if (type.categories.length && !type.categories.includes(person.category))
    return `${type.name}只适用于特定人员类别，您的人员类别不在其中。`;
  return null;
}

function overlaps(
  a: { validFrom: string; validUntil: string | null },
  b: { validFrom: string; validUntil: string | null },
): boolean {
  const aEnd = a.validUntil ?? '9999-12-31';
  const bEnd = b.validUntil ?? '9999-12-31';
  return a.validFrom <= bEnd && b.validFrom <= aEnd;
}

export function decideFiling(
  policy: FilingPolicy,
  person: Person,
  req: FilingRequest,
  existing: ExistingFiling[],
  today: string,
): FilingDecision {
  const type = policy.types.find((t) => t.serviceCode === req.serviceCode) ?? null;
  const cross = isCrossProvince(person.cityCode, req.destinationCityCode);
  const scope = cross ? '跨省' : '省内';
  const reasons: FilingDecision['reasons'] = [];
  const missing: string[] = [];
  if (!type) {
    return {
      allowed: false,
      type,
      reasons: [{ code: 'NOT_FOUND', message: '参保地没有这个备案类型。' }],
      missing,
      scope,
      validFrom: null,
      validUntil: null,
    };
  }
  if (!type.online) reasons.push({ code: 'NOT_ONLINE', message: `${type.name}不能在网上办理。${type.offline ?? ''}` });
  const notEligible = eligibility(policy, type, person);
  if (notEligible) reasons.push({ code: 'NOT_ELIGIBLE', message: notEligible });
  if (req.destinationCityCode === person.cityCode)
    reasons.push({ code: 'NOT_ELIGIBLE', message: '就医地与参保地相同，无需备案。' });
  else if (type.crossProvinceOnly && !cross)
    reasons.push({ code: 'NOT_ELIGIBLE', message: `${type.name}只适用于到外省就医。` });
  if (
    !isDate(req.startDate) ||
    req.startDate < addDays(today, -MAX_DAYS_BEFORE) ||
    req.startDate > addDays(today, MAX_DAYS_AHEAD)
  ) {
    reasons.push({
      code: 'INVALID_DATE',
      message: `开始日期应在 ${addDays(today, -MAX_DAYS_BEFORE)} 至 ${addDays(today, MAX_DAYS_AHEAD)} 之间（已就医的可补办）。`,
    });
  }
  for (const field of type.requires) {
    const value = field === 'address' ? req.address : req.contactPhone;
    if (!value || !value.trim()) missing.push(MISSING_LABELS[field]);
  }
  if (missing.length) reasons.push({ code: 'MATERIALS_MISSING', message: `还需要填写：${missing.join('、')}。` });

  const validFrom = isDate(req.startDate) ? req.startDate : null;
  let blockingId: string | undefined;
  const until =
    validFrom && type.category === 'temporary' ? validUntil(validFrom, policy.temporaryValidityMonths) : null;
  if (validFrom) {
    const blocking = existing.find(
      (f) =>
        !f.cancelled &&
        f.category === type.category &&
        (f.validUntil === null || f.validUntil >= today) &&
        overlaps(f, { validFrom, validUntil: until }),
    );
    if (blocking) {
      blockingId = blocking.id;
      reasons.push({
        code: 'OVERLAPPING_FILING',
        message: `与已有的“${blocking.typeName}”（${blocking.destinationName}，${blocking.validFrom} 起${blocking.validUntil ? `至 ${blocking.validUntil}` : '长期有效'}）时间重叠。如需更改，请先在“我的备案”中撤销或变更那一条。`,
      });
    }
  }
  const allowed = reasons.length === 0;
  return {
    allowed,
    type,
    reasons,
    missing,
    scope,
    validFrom: allowed ? validFrom : null,
    validUntil: allowed ? until : null,
    ...(blockingId ? { blockingId } : {}),
  };
}

/** Cancelling (or changing) a long-term filing may be locked for the policy's months after its start. */
export function cancellableFrom(
  policy: FilingPolicy,
  f: { category: 'longTerm' | 'temporary'; validFrom: string },
): string | null {
  if (f.category !== 'longTerm' || policy.longTermLockMonths === null) return null;
  const later = addMonths(f.validFrom, policy.longTermLockMonths);
  // No such day (31st): the lock ends with that month.
  return later.clamped ? addDays(later.date, 1) : later.date;
}
