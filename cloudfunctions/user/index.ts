import { userRequest } from '../core/contracts/user';
import { createHandler } from '../core/handler';
import { confirmVerification, startVerification } from './verification';
import { profileActions } from './profile';
import { memberActions } from './members';
import { invitationActions } from './invitations';
import { unitActions } from './units';
import { windowCheckActions } from './windowCheck';

export const main = createHandler({
  schema: userRequest,
  actions: {
    ...profileActions,
    ...memberActions,
    ...invitationActions,
    ...unitActions,
    ...windowCheckActions,
    startVerification,
    confirmVerification,
  },
});
