import type { z } from 'zod';
import { getCloud } from './sdk';
import { DomainError, type Envelope, type Failure, ok } from './envelope';
import { chineseErrorMap, fieldErrorsOf } from '../contracts/zodMessages';
import { answerHealth } from './health';

/** Fields only the platform may set. An event carrying one is refused before anything else runs. */
export const IDENTITY_FIELDS = ['openid', '_openid', 'OPENID', 'unionid', 'userInfo'] as const;
/** Largest event accepted, as UTF-8 JSON. */
export const MAX_EVENT_BYTES = 32 * 1024;
/** Deepest nesting accepted: no contract nests more than 3 levels. */
export const MAX_EVENT_DEPTH = 8;

/** C0 controls and DEL, except tab and line breaks (a comment may have lines). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * What no contract accepts, found in one walk without recursion (a 5,000-level event must not overflow the
 * stack here): nesting deeper than `limit`, or a control character in any text (named by its field path).
 */
function shapeProblem(value: unknown, limit: number): { deep: true } | { control: string } | null {
  const stack: Array<[unknown, number, string]> = [[value, 0, '']];
  while (stack.length) {
    const [v, depth, path] = stack.pop()!;
    if (typeof v === 'string' && CONTROL.test(v)) return { control: path || '_root' };
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return { deep: true };
    for (const [key, child] of Object.entries(v as object))
      stack.push([child, depth + 1, path ? `${path}.${key}` : key]);
  }
  return null;
}

export interface Caller {
  /** From cloud.getWXContext(); empty for public actions called without a WeChat user (e.g. a timer). */
  openid: string;
  appid: string;
}

export interface ActionContext {
  caller: Caller;
  /** The request's clock. Rules take it as an argument; nothing reads the time on its own. */
  now: Date;
}

type ActionOf<Req extends { action: string }, K extends Req['action']> = Extract<Req, { action: K }>;
export type Actions<Req extends { action: string }> = {
  [K in Req['action']]: (request: ActionOf<Req, K>, ctx: ActionContext) => Promise<unknown>;
};

/** Part of a function's action table, checked against its contract: a module beside index.ts holds a few. */
export type ActionsFor<S extends z.ZodTypeAny> =
  z.output<S> extends { action: string } ? Partial<Actions<z.output<S>>> : never;

export interface HandlerOptions<Req extends { action: string }> {
  schema: z.ZodType<Req, z.ZodTypeDef, unknown>;
  actions: Actions<Req>;
  /** Actions anyone may call (public information); all others need a WeChat caller. */
  publicActions?: ReadonlyArray<Req['action']>;
  /** Timer triggers declared in the function's config.json, by trigger name. Only the platform can fire them. */
  timers?: Record<string, (ctx: ActionContext) => Promise<unknown>>;
}

const fail = (code: Failure['code'], message: string, extra: Partial<Failure> = {}): Failure => ({
  ok: false,
  code,
  message,
  ...extra,
});

/**
 * WeChat injects `userInfo: { appId, openId }` into events from the mini-program (it is the platform's own
 * copy of the caller). Only that exact copy is tolerated; anything else in an identity field is forged.
 */
function forgedIdentity(event: Record<string, unknown>, caller: Caller): boolean {
  return IDENTITY_FIELDS.some((field) => {
    if (!(field in event)) return false;
    if (field !== 'userInfo') return true;
    const info = event.userInfo as Record<string, unknown> | null;
    if (!info || typeof info !== 'object') return true;
    const keys = Object.keys(info).sort().join(',');
    return !(keys === 'appId,openId' && caller.openid && info.openId === caller.openid && info.appId === caller.appid);
  });
}

export function createHandler<Req extends { action: string }>(options: HandlerOptions<Req>) {
  /** Never throws: whatever goes wrong comes back as an envelope. */
  return async function main(event: unknown): Promise<Envelope<unknown>> {
    try {
      return await handle(event);
    } catch (error) {
      return internal('handler', error);
    }
  };

  async function handle(event: unknown): Promise<Envelope<unknown>> {
    const cloud = getCloud();
    const wx = cloud.getWXContext();
    const caller: Caller = { openid: String(wx.OPENID ?? ''), appid: String(wx.APPID ?? '') };

    if (!event || typeof event !== 'object' || Array.isArray(event)) {
      return fail('VALIDATION_FAILED', '请求格式不正确', { fieldErrors: { _root: ['请求应为一个对象'] } });
    }
    const raw = event as Record<string, unknown>;
    if (forgedIdentity(raw, caller)) {
      return fail('FORGED_IDENTITY', '请求中带有身份字段，已拒绝。身份只由微信确认，请更新小程序后重试。');
    }
    const shape = shapeProblem(raw, MAX_EVENT_DEPTH);
    if (shape && 'deep' in shape) {
      return fail('VALIDATION_FAILED', '请求格式不正确：嵌套层级过深。', {
        fieldErrors: { _root: [`嵌套不能超过 ${MAX_EVENT_DEPTH} 层`] },
      });
    }
    if (shape) {
      return fail('VALIDATION_FAILED', '填写的内容里有无法显示的控制字符，请删除后重试。', {
        fieldErrors: { [shape.control]: ['不能包含控制字符'] },
      });
    }
    // The deployer's health request (core/platform/health.ts): never a WeChat caller's, and only with the token.
    const health = await answerHealth(raw, caller.openid);
    if (health) return health;
    const timer =
      raw.Type === 'Timer' && wx.SOURCE === 'wx_trigger' ? options.timers?.[String(raw.TriggerName)] : undefined;
    if (timer) return ok(await timer({ caller, now: new Date() }));
    if (Buffer.byteLength(JSON.stringify(raw), 'utf8') > MAX_EVENT_BYTES) {
      return fail('PAYLOAD_TOO_LARGE', `请求内容过大（上限 ${MAX_EVENT_BYTES / 1024} KB），请精简后重试。`);
    }
    const { userInfo: _platformCopy, ...body } = raw;
    const parsed = options.schema.safeParse(body, { errorMap: chineseErrorMap });
    if (!parsed.success) {
      return fail('VALIDATION_FAILED', '提交的内容有误，请按提示修改', { fieldErrors: fieldErrorsOf(parsed.error) });
    }
    const request = parsed.data;
    const isPublic = options.publicActions?.includes(request.action) ?? false;
    if (!isPublic && !caller.openid) {
      return fail('UNAUTHENTICATED', '未能确认您的微信身份，请在微信中重新打开小程序。');
    }
    const action = options.actions[request.action as Req['action']] as (r: Req, c: ActionContext) => Promise<unknown>;
    try {
      return ok(await action(request, { caller, now: new Date() }));
    } catch (error) {
      if (error instanceof DomainError) return fail(error.code, error.message, error.extra);
      return internal(request.action, error);
    }
  }
}

function internal(where: string, error: unknown): Failure {
  // Only the kind: events hold personal data, and an error's message may quote what the person typed.
  const kind = (error as { errCode?: unknown })?.errCode ?? (error instanceof Error ? error.name : typeof error);
  console.error(`[${where}] failed:`, String(kind));
  return fail('INTERNAL', '系统繁忙，请稍后再试。如多次失败，请到窗口办理或拨打咨询电话。');
}
