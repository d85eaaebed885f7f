import { serviceItemView } from '../core/catalog/view';
import type { FilingTypeView, FilingView } from '../core/contracts/filing';
import type { FilingDoc } from '../core/documents/filing';
import { type Viewer, forWhomSeenBy } from '../core/identity/records';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import { cityByCode } from '../core/policies';
import type { FilingPolicy } from '../core/policies/schema';
import { beijingDate, toBeijingIso } from '../core/rules/beijingTime';
import { type FilingType, cancellableFrom, nationalNotes } from '../core/rules/filing';
import { filingStatus } from '../core/rules/filingStatus';
import { dateWords } from '../core/rules/filingChecks';

/** How filings and their types read for people: validity in words, status, who acted, the catalogue's how-to. */

export const CATEGORY_LABEL = {
  longTerm: '长期（异地安置、长期居住、常驻工作）',
  temporary: '临时外出（转诊、急诊、其他临时外出）',
};

export function filingPolicyOf(cityCode: string): { name: string; policy: FilingPolicy } {
  const city = cityByCode(cityCode);
  if (!city?.filing)
    throw new DomainError(
      'NOT_OFFERED',
      `${city?.name ?? '该参保地'}暂未开通异地就医备案。可在办事指南中查看办理方式。`,
    );
  return { name: city.name, policy: city.filing };
}

export const coversText = (scope: string, covers?: string) => (covers ? `${scope} · ${covers}` : scope);

/** 2026年12月1日起至2027年5月31日有效 / 2026年12月1日起长期有效 */
export function validityText(from: string | null, until: string | null): string {
  if (!from) return '';
  return until ? `${dateWords(from)}起至${dateWords(until)}有效` : `${dateWords(from)}起长期有效，至撤销或变更为止`;
}

/** Each side of a change says what the other is and when it happened, so the two cards never read alike. */
export function changeNote(f: FilingDoc): string | null {
  const other = (s: { destinationName: string; validFrom: string } | null | undefined, id: string) =>
    s ? `就医地${s.destinationName}，${dateWords(s.validFrom)}起` : `备案编号 ${id}`;
  if (f.replacedBy) {
    const when = f.cancelledAt ? `已于${dateWords(beijingDate(f.cancelledAt))}` : '已';
    return `${when}变更为新的备案（${other(f.replacement, f.replacedBy)}），本条不再使用。`;
  }
  if (f.previousFilingId && f.result === 'accepted')
    return `这是变更后的备案，于${dateWords(beijingDate(f.submittedAt))}替代原备案（${other(f.previous, f.previousFilingId)}）。`;
  return null;
}

export async function typeView(type: FilingType, policy: FilingPolicy): Promise<FilingTypeView> {
  const item = await collection('services').doc(type.serviceCode).get();
  const view = item ? serviceItemView(item) : null;
  return {
    typeCode: type.serviceCode,
    name: type.name,
    category: type.category,
    categoryLabel: CATEGORY_LABEL[type.category],
    online: type.online,
    offline: type.offline ?? null,
    crossProvinceOnly: type.crossProvinceOnly,
    requires: type.requires,
    channels: view?.channels ?? [],
    materials: view?.materials ?? [],
    timeLimitText: view?.timeLimit.text ?? '',
    // The catalogue item is the one home of what to do before or after (e.g. 太原's 卡环境检测).
    reminders: [...(view?.reminders ?? []), ...nationalNotes(policy, type)],
    supervisionPhone: view?.supervisionPhone ?? null,
    validityText:
      type.category === 'longTerm'
        ? '长期有效，至撤销或变更为止'
        : `自开始日期起 ${policy.temporaryValidityMonths} 个月内有效，期间可多次就医`,
    covers: type.covers ?? null,
  };
}

/** As whoever acted sees it, unless another viewer (the person it was made for) is given. */
export function view(
  f: FilingDoc,
  policy: FilingPolicy,
  today: string,
  viewer: Viewer = { openid: f.owner, selfKey: '' },
): FilingView {
  const status =
    f.result === 'rejected'
      ? '未通过'
      : filingStatus(
          { validFrom: f.validFrom, validUntil: f.validUntil, cancelled: !!f.cancelledAt, replaced: !!f.replacedBy },
          today,
        );
  const lock = cancellableFrom(policy, f);
  const canCancel = (status === '已备案' || status === '生效中') && (!lock || lock <= today);
  const madeIt = f.owner === viewer.openid;
  return {
    filingId: f._id,
    typeCode: f.typeCode,
    typeName: f.typeName,
    category: f.category,
    status,
    forWhom: forWhomSeenBy(f, viewer),
    personName: f.personName,
    idNumber: f.idNumber,
    insuredCity: { code: f.cityCode, name: cityByCode(f.cityCode)?.name ?? f.cityCode },
    destination: f.destination,
    scope: f.scope,
    covers: coversText(f.scope, policy.types.find((t) => t.serviceCode === f.typeCode)?.covers),
    validFrom: f.validFrom,
    validUntil: f.validUntil,
    // A refusal shows why and what to do, never a validity.
    validityText: f.result === 'rejected' ? '' : validityText(f.validFrom, f.validUntil),
    submittedAt: toBeijingIso(f.submittedAt),
    cancelledAt: f.cancelledAt ? toBeijingIso(f.cancelledAt) : null,
    canCancel,
    cancellableFrom: lock,
    reasons: f.reasons ?? [],
    previousFilingId: f.previousFilingId ?? null,
    replacedBy: f.replacedBy ?? null,
    changeNote: changeNote(f),
    plannedReturn: f.plannedReturn ?? null,
    canChange: canCancel && madeIt,
    memberId: madeIt ? f.memberId : null,
  };
}
