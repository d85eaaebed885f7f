import { filingRequest } from '../core/contracts/filing';
import { createHandler } from '../core/platform/handler';
import { cancelActions } from './cancel';
import { choiceActions } from './choices';
import { mineActions } from './mine';
import { hourly } from './hourly';
import { previewActions } from './preview';
import { reminderActions } from './reminderSubscription';
import { siteActions } from './sites';
import { submitActions } from './submit';
import { unitFilingActions } from './unitFiling';

export const main = createHandler({
  schema: filingRequest,
  publicActions: ['provinces', 'cities', 'types', 'sites'],
  timers: { hourly },
  actions: {
    ...choiceActions,
    ...siteActions,
    ...previewActions,
    ...submitActions,
    ...unitFilingActions,
    ...mineActions,
    ...cancelActions,
    ...reminderActions,
  },
});
