import type { AuthorizedBy } from '../../cloudfunctions/core/contracts';

/** How a family member agreed to be acted for, as both sides read it. */
export const AUTHORIZED_BY_LABEL: Record<AuthorizedBy, string> = {
  face: '本人刷脸',
  invitation: '本人接受邀请',
  guardian: '监护人声明',
};
