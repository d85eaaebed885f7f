import { filingRequest } from '../core/contracts/filing';
import { createHandler } from '../core/platform/handler';
import { cancelActions } from './cancel';
import { choiceActions } from './choices';
import { mineActions } from './mine';
import { previewActions } from './preview';
import { remindExpiring } from './reminders';
import { purgeRosters } from './roster';
import { submitActions } from './submit';
import { unitFilingActions } from './unitFiling';

export const main = createHandler({
  schema: filingRequest,
  publicActions: ['provinces', 'cities', 'types'],
  timers: { remindExpiring, purgeRosters },
  actions: {
    ...choiceActions,
    ...previewActions,
    ...submitActions,
    ...unitFilingActions,
    ...mineActions,
    ...cancelActions,
  },
});
