import { type ActedFor } from '../identity/people';
import type { SelectionKind } from '../policies/schema';
import { type Decision, type FacilityState, type Op } from '../rules/facility';

/** What the facility function stores (and the rating function reads): one home for the shapes. */
export interface DeclarationDoc extends ActedFor {
  kind: SelectionKind;
  op: Op;
  slot: number;
  institution: { code: string; name: string };
  previous: { code: string; name: string } | null;
  result: 'accepted' | 'rejected' | 'withdrawn';
  reasons: Decision['reasons'];
  effectiveFrom: Date | null;
  submittedAt: Date;
  withdrawnAt: Date | null;
  /** Subscribed to the 变更生效提醒 and not yet sent. */
  notifyPending: boolean;
  /** For a refusal: when it can next be done (ISO, +08:00), so a replay answers exactly as the first call. */
  nextPossibleAt?: string | null;
}

export interface FacilityStateDoc extends FacilityState {
  _id: string;
  cityCode: string;
  kind: SelectionKind;
}
