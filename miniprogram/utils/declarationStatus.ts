import type { DeclarationView } from '../../cloudfunctions/core/contracts';

/**
 * A declaration's status as people read it. The server's values stay as they are (other code and the records
 * rely on them); 受理 is office jargon, so it reads as what it means for the person.
 */
const STATUS_TEXT: Record<DeclarationView['status'], string> = {
  受理: '已提交，待生效',
  生效: '已生效',
  已撤回: '已撤回',
  未通过: '未通过',
};

export const statusText = (status: DeclarationView['status']): string => STATUS_TEXT[status] ?? status;
