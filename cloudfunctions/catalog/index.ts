import { catalogRequest } from '../core/contracts/catalog';
import { createHandler } from '../core/platform/handler';
import { deadlineActions } from './deadline';
import { serviceActions } from './services';

export const main = createHandler({
  schema: catalogRequest,
  publicActions: ['cities', 'services', 'service', 'deadline'],
  actions: { ...serviceActions, ...deadlineActions },
});
