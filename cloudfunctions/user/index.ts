import { userRequest } from '../core/contracts/user';
import { createHandler } from '../core/platform/handler';
import { confirmVerification, startVerification } from './verification';
import { profileActions } from './profile';
import { memberActions } from './members';
import { invitationActions } from './invitations';
import { unitActions } from './units';
import { windowCheckActions } from './windowCheck';
import { guardianActions, purgeProofs } from './guardians';

export const main = createHandler({
  schema: userRequest,
  timers: { purgeProofs },
  actions: {
    ...profileActions,
    ...memberActions,
    ...invitationActions,
    ...unitActions,
    ...windowCheckActions,
    ...guardianActions,
    startVerification,
    confirmVerification,
  },
});
