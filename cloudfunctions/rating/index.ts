import { ratingRequest } from '../core/contracts/rating';
import { createHandler } from '../core/platform/handler';
import { defaultRatings } from './defaults';
import { deskActions } from './desk';
import { residentActions } from './resident';
import { statsActions } from './stats';
import { submitActions } from './submit';
import { visitActions } from './visits';

export const main = createHandler({
  schema: ratingRequest,
  publicActions: ['stats'],
  timers: { defaultRatings },
  actions: { ...residentActions, ...submitActions, ...visitActions, ...deskActions, ...statsActions },
});
