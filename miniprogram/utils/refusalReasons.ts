import { beijingDateTime } from './format';

/** A refusal reason: the preview's, or a refused submit's (its failure carries every reason at once). */
type Reason = { code: string; message: string };

/** Where a reason's next step is done: 我的定点 (withdraw, see what is chosen), the list (choose another). */
export type ReasonAction = 'mine' | 'list' | '';

/** One refusal reason as a person reads it: on its own line, with its own next step and, only if it has one, a time. */
export interface ReasonLine {
  code: string;
  text: string;
  /** What to do about this reason; empty when the reason itself already says it. */
  next: string;
  action: ReasonAction;
}

/**
 * The server's reasons, each with its own next step. `nextPossibleAt` (the server's: when every timed reason
 * has passed) is said only under the timed reasons — never under one that time does not lift (a type that can
 * never be chosen, an institution already chosen, a change waiting to take effect).
 */
export function reasonLines(reasons: ReadonlyArray<Reason>, nextPossibleAt: string | null | undefined): ReasonLine[] {
  const when = nextPossibleAt ? beijingDateTime(nextPossibleAt) : '';
  return reasons.map((r): ReasonLine => {
    switch (r.code) {
      case 'OUTSIDE_CHANGE_WINDOW':
        return {
          code: r.code,
          text: r.message,
          next: when ? `最早可于 ${when} 再办理。` : '请在办理时间内再来。',
          action: '',
        };
      case 'MONTHLY_CHANGE_USED':
        return {
          code: r.code,
          text: r.message,
          next: when ? `最早可于 ${when} 再变更。` : '下个月可以再变更。',
          action: '',
        };
      case 'CHANGE_PENDING':
        return { code: r.code, text: r.message, next: '可在“我的定点”中撤回那项变更。', action: 'mine' };
      case 'ALREADY_SELECTED':
        return { code: r.code, text: r.message, next: '可在“我的定点”中查看已选的机构。', action: 'mine' };
      case 'NOT_SELECTABLE':
        return {
          code: r.code,
          text: r.message,
          next: r.message.includes('直接就医') ? '' : '请返回列表，选择标有“可选择”的机构。',
          action: 'list',
        };
      default:
        return { code: r.code, text: r.message, next: '', action: '' };
    }
  });
}
