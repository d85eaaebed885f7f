import { getCloud } from '../core/platform/sdk';
import { DomainError } from '../core/platform/envelope';

/**
 * What WeChat's security.msgSecCheck (version 2) answers, as documented: `result` is the overall verdict
 * (`suggest` risky | pass | review, and a `label`); `detail` has one entry per strategy, valid only where its
 * `errcode` is 0, and the keyword strategy names the word it hit in `keyword` (WeChat fills it only for the
 * custom keywords set in the mini-program's admin console).
 */
export interface SecCheckAnswer {
  result?: { suggest?: string; label?: number };
  detail?: Array<{ strategy?: string; errcode?: number; suggest?: string; label?: number; keyword?: string }>;
}

/** msgSecCheck's labels (100 正常, 21000 其他 say nothing more), as what the person wrote. */
const KIND_OF_CONTENT: Record<number, string> = {
  10001: '广告',
  20001: '涉及时政的敏感内容',
  20002: '色情内容',
  20003: '辱骂的话',
  20006: '涉及违法犯罪的内容',
  20008: '涉及欺诈的内容',
  20012: '低俗的话',
  20013: '可能侵犯版权的内容',
};

const WHAT_NEXT = '这条评价还没有提交。请删去或改写这部分后再提交，也可以不写留言。';

/**
 * What to tell the person whose comment WeChat did not pass, or null when it passed: the words it hit when the
 * answer names them, else the kind of content found, else that something in it cannot be published.
 */
export function contentRefusal(answer: SecCheckAnswer): string | null {
  const suggest = answer.result?.suggest;
  if (!suggest || suggest === 'pass') return null;
  const hits = (answer.detail ?? []).filter((d) => d.errcode === 0 && d.suggest !== 'pass');
  const words = [...new Set(hits.map((d) => d.keyword?.trim()).filter((w): w is string => !!w))];
  if (words.length) return `留言里的“${words.join('”“')}”不能发布。${WHAT_NEXT}`;
  const label = [answer.result?.label, ...hits.map((d) => d.label)].find(
    (l) => l !== undefined && l in KIND_OF_CONTENT,
  );
  if (label !== undefined) return `留言里有${KIND_OF_CONTENT[label]}，不能发布。${WHAT_NEXT}`;
  return `留言里有不能发布的内容（如辱骂、广告或违法违规的内容）。${WHAT_NEXT}`;
}

/** WeChat's content security check of a comment; one it does not pass is refused, saying what to change. */
export async function checkContent(content: string, openid: string): Promise<void> {
  const answer = (await getCloud().openapi.security.msgSecCheck({
    openid,
    scene: 2,
    version: 2,
    content,
  })) as SecCheckAnswer;
  const refusal = contentRefusal(answer);
  if (refusal) throw new DomainError('CONTENT_REJECTED', refusal, { fieldErrors: { comment: [refusal] } });
}
