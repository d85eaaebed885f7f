import type { DeclarationView, InstitutionSummary } from '../core/contracts/facility';
import type { DeclarationDoc } from '../core/documents/facility';
import { type InstitutionDoc, TYPE_LABELS } from '../core/documents/institution';
import { type Viewer, forWhomSeenBy } from '../core/identity/records';
import { cityByCode } from '../core/policies';
import type { FacilityPolicy } from '../core/policies/schema';
import { toBeijingIso } from '../core/rules/beijingTime';
import { type Decision } from '../core/rules/facility';

export function summary(
  doc: InstitutionDoc,
  policy: FacilityPolicy | undefined,
  distance?: number,
): InstitutionSummary {
  return {
    code: doc.code,
    name: doc.name,
    type: doc.type,
    typeLabel: TYPE_LABELS[doc.type],
    district: doc.district,
    town: doc.town,
    address: doc.address,
    sample: doc.sample,
    distanceMeters: distance === undefined ? null : Math.round(distance),
    selectable: !!policy?.selectableTypes.includes(doc.type),
    noSelectionNeeded: !!policy?.noSelectionTypes.includes(doc.type),
  };
}

export const iso = (d: Date | null) => (d ? toBeijingIso(d) : null);

/** As whoever acted sees it, unless another viewer (the person it was made for) is given. */
export function declarationView(
  d: DeclarationDoc,
  now: Date,
  viewer: Viewer = { openid: d.owner, selfKey: '' },
): DeclarationView {
  const kindName = cityByCode(d.cityCode)?.facility?.kinds.find((k) => k.id === d.kind)?.name ?? d.kind;
  const pending = d.result === 'accepted' && !!d.effectiveFrom && d.effectiveFrom.getTime() > now.getTime();
  const status = d.result === 'rejected' ? '未通过' : d.result === 'withdrawn' ? '已撤回' : pending ? '受理' : '生效';
  return {
    id: d._id,
    op: d.op,
    kind: d.kind,
    kindName,
    slot: d.slot,
    institution: d.institution,
    previous: d.previous,
    status,
    effectiveFrom: iso(d.effectiveFrom),
    submittedAt: toBeijingIso(d.submittedAt),
    withdrawnAt: iso(d.withdrawnAt),
    reasons: d.reasons,
    forWhom: forWhomSeenBy(d, viewer),
    canWithdraw: pending,
  };
}

export function previewSummary(d: Decision, now: Date): string {
  if (!d.allowed) return '';
  if (Date.parse(d.effectiveFrom!) <= now.getTime()) return '提交后立即生效。';
  return `提交后待生效，${d.effectiveFrom!.slice(0, 10)} 起生效；在此之前仍按原定点就医。`;
}
