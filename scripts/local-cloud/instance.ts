/**
 * One function instance, in its own worker thread (so its process.env — where wx-server-sdk reads the
 * WeChat context — is its own). It loads the function's built bundle with the real wx-server-sdk and
 * swaps only the SDK's database transport: requests go to the local cloud's database over a message port.
 * It also runs the function on the request's clock (x-now) by shifting Date for this instance.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

interface Init { bundle: string }
interface Invoke { type: 'invoke'; id: number; event: unknown; context: Record<string, string>; nowMs: number | null }
interface DbAnswer { type: 'db'; id: number; reply: unknown }

const port = parentPort!;
const { bundle } = workerData as Init;
const requireFromBundle = createRequire(bundle);

let clockOffset = 0;
const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + clockOffset);
    else super(...(args as [string]));
  }
  static override now(): number {
    return RealDate.now() + clockOffset;
  }
}
globalThis.Date = ShiftedDate as DateConstructor;

const pending = new Map<number, (reply: unknown) => void>();
let nextDbId = 0;
const requester = requireFromBundle('@cloudbase/node-sdk/dist/utils/tcbdbapirequester.js');
requester.TcbDBApiHttpRequester.prototype.send = function send(api: string, data: unknown) {
  const id = ++nextDbId;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    port.postMessage({ type: 'db', id, api, data: data ?? {}, nowMs: Date.now() });
  });
};

// The bundle is loaded after the transport is swapped, so no request can reach Tencent's network.
const fn = requireFromBundle(bundle) as { main: (event: unknown, context: unknown) => Promise<unknown> };

port.on('message', async (msg: Invoke | DbAnswer) => {
  if (msg.type === 'db') {
    pending.get(msg.id)?.(msg.reply);
    pending.delete(msg.id);
    return;
  }
  clockOffset = msg.nowMs === null ? 0 : msg.nowMs - RealDate.now();
  for (const [key, value] of Object.entries(msg.context)) process.env[key] = value;
  process.env.WX_CONTEXT_KEYS = Object.keys(msg.context).join(',');
  try {
    const result = await fn.main(msg.event, { request_id: `local-${msg.id}` });
    port.postMessage({ type: 'result', id: msg.id, ok: true, result: result === undefined ? null : result });
  } catch (error) {
    port.postMessage({ type: 'result', id: msg.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  } finally {
    for (const key of Object.keys(msg.context)) delete process.env[key];
  }
});
port.postMessage({ type: 'ready' });
