/* eslint-disable @typescript-eslint/no-explicit-any */
/** How a `wx.*` API answers in the preview: through its callbacks and its promise, as WeChat does. */

export type Callbacks = { success?: (r: any) => void; fail?: (r: any) => void; complete?: (r: any) => void };

/** Calls a wx API's callbacks and answers its promise, as WeChat does. */
export function settle<T>(api: string, args: Callbacks, work: () => Promise<T> | T): Promise<T> {
  return Promise.resolve()
    .then(work)
    .then(
      (result: any) => {
        const r = { errMsg: `${api}:ok`, ...(result ?? {}) };
        args.success?.(r);
        args.complete?.(r);
        return r;
      },
      (error: any) => {
        const r = { errMsg: `${api}:fail ${error?.message ?? error}`, ...(error?.fields ?? {}) };
        args.fail?.(r);
        args.complete?.(r);
        if (!args.fail && !args.complete && !args.success) throw r;
        return r;
      },
    );
}

export const failure = (message: string, fields: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { fields });
