import { forWhom } from '../utils/forWhom';
import { callCloud } from './callCloud';

/** Who chooses what, as 选点 and its confirmation hold it (memberId '' for the caller themself). */
export interface FacilityChoice {
  op: 'select' | 'change';
  code: string;
  slot: number;
  memberId: string;
}

/** The server's dry run of a choice: allowed or not, from when, or why not and when next. */
export function previewFacility(choice: FacilityChoice) {
  return callCloud(
    'facility',
    {
      action: 'preview',
      op: choice.op,
      code: choice.code,
      slot: choice.slot,
      ...forWhom(choice.memberId || undefined),
    },
    { loading: false },
  );
}
