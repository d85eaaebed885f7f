import { z } from 'zod';

/** Field errors in plain Chinese, so the client can show them next to the field as they come. */
export const chineseErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return { message: issue.received === 'undefined' ? '此项必填' : '格式不正确' };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: `不接受的字段：${issue.keys.join('、')}` };
    case z.ZodIssueCode.invalid_literal:
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_union_discriminator:
      return { message: '不是可选的值' };
    case z.ZodIssueCode.too_small:
      return { message: issue.type === 'string' ? `至少 ${issue.minimum} 个字` : `不能小于 ${issue.minimum}` };
    case z.ZodIssueCode.too_big:
      return { message: issue.type === 'string' ? `最多 ${issue.maximum} 个字` : `不能大于 ${issue.maximum}` };
    case z.ZodIssueCode.invalid_string:
      return {
        message:
          issue.validation === 'datetime'
            ? '时间格式应为 ISO 8601，并带时区，如 2026-11-24T09:00:00+08:00'
            : '格式不正确',
      };
    default:
      return { message: ctx.defaultError };
  }
};

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_root';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
