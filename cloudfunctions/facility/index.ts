import { facilityRequest } from '../core/contracts/facility';
import { createHandler } from '../core/platform/handler';
import { findActions } from './find';
import { mineActions } from './mine';
import { notifyEffective } from './notify';
import { previewActions } from './preview';
import { submitActions } from './submit';
import { withdrawActions } from './withdraw';

export const main = createHandler({
  schema: facilityRequest,
  publicActions: ['search', 'filters', 'detail'],
  timers: { notifyEffective },
  actions: {
    ...findActions,
    ...previewActions,
    ...submitActions,
    ...withdrawActions,
    ...mineActions,
  },
});
