import type { ActedFor } from '../identity/people';
import type { Sealed } from '../identity/personalData';
import type { ExistingFiling } from '../rules/filing';

/** What the filing function stores (and the rating function reads): one home for the shapes. */

export interface FilingDoc extends ActedFor {
  personName: string;
  idNumber: string;
  typeCode: string;
  typeName: string;
  category: 'longTerm' | 'temporary';
  destination: { provinceCode: string; cityCode: string; name: string };
  scope: '跨省' | '省内';
  validFrom: string;
  validUntil: string | null;
  address: Sealed | null;
  contactPhone: Sealed | null;
  submittedAt: Date;
  cancelledAt: Date | null;
  subscribe: boolean;
  /** 预计何时回来, where the person said (the 到期 reminder names it); absent on filings made before issue 31. */
  plannedReturn?: string | null;
  /** Subscribed to 备案即将到期 and not yet reminded: the reminder timer's work list. */
  remindPending: boolean;
  /** accepted: filed; rejected: refused at submission (shown as 未通过 with its reasons). */
  result: 'accepted' | 'rejected';
  reasons: Array<{ code: string; message: string }>;
  /** A change is a new filing linked to the one it replaces. */
  previousFilingId: string | null;
  replacedBy: string | null;
  /** What the other side of a change was, so each card says it without a read (absent before issue 28). */
  previous?: FilingLinkSummary | null;
  replacement?: FilingLinkSummary | null;
}

/** The filing on the other side of a change, as the cards name it. */
export interface FilingLinkSummary {
  destinationName: string;
  validFrom: string;
}

export interface FilingStateDoc {
  _id: string;
  filings: ExistingFiling[];
}
