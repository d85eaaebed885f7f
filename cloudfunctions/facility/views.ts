import type { DeclarationView, InstitutionSummary, Withdrawn } from '../core/contracts/facility';
import type { DeclarationDoc } from '../core/documents/facility';
import { TYPE_LABELS } from '../core/documents/institution';
import type { Place } from './loaders';
import { type Viewer, forWhomSeenBy } from '../core/identity/records';
import { cityByCode } from '../core/policies';
import type { FacilityPolicy } from '../core/policies/schema';
import { toBeijingIso } from '../core/rules/beijingTime';
import { type Decision, standing } from '../core/rules/facility';

export function summary(doc: Place, policy: FacilityPolicy | undefined, distance?: number): InstitutionSummary {
  const st = policy
    ? standing(policy, doc)
    : { selectable: false, noSelectionNeeded: false, reason: '该城市暂未开通定点医疗机构选点。' };
  return {
    code: doc.code,
    name: doc.name,
    type: doc.type,
    typeLabel: doc.type === 'other' && doc.publishedType ? doc.publishedType : TYPE_LABELS[doc.type],
    district: doc.district,
    town: doc.town ?? '',
    address: doc.address,
    sample: doc.sample,
    distanceMeters: distance === undefined ? null : Math.round(distance),
    selectable: st.selectable,
    noSelectionNeeded: st.noSelectionNeeded,
    reason: st.reason,
    level: doc.level ?? '',
    withdrawnOn: doc.withdrawnOn ?? null,
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

/** A held 定点 the city's newest list no longer has: when, and what to do. */
export function withdrawnNote(doc: Place | undefined, cityName: string): Withdrawn | null {
  if (!doc?.withdrawnOn) return null;
  const on = doc.withdrawnOn;
  return {
    on,
    message: `这家机构已不在${cityName}最新公布的定点医疗机构名单中（${on} 更新）。请尽快变更为名单内的其他机构；变更前就医请先向医保部门咨询。`,
  };
}
