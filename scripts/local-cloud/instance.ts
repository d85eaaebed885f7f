/**
 * One function instance, in its own worker thread (so its process.env — where wx-server-sdk reads the
 * WeChat context — is its own). It loads the function's built bundle with the real wx-server-sdk and
 * swaps only the SDK's database transport: requests go to the local cloud's database over a message port.
 * It also runs the function on the request's clock (x-now) by shifting Date for this instance.
 */
import { readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type * as ProtobufMinimal from 'protobufjs/minimal';
import { runClockFrom } from '../shiftedDate';

/** Niceness of an instance: the main thread (0) weighs about three times as much in the scheduler. */
const INSTANCE_NICENESS = 5;

interface Init {
  bundle: string;
}
interface Invoke {
  type: 'invoke';
  id: number;
  eventJson: string;
  context: Record<string, string>;
  nowMs: number | null;
}
interface DbAnswer {
  type: 'db' | 'openapi' | 'storage' | 'wechat';
  id: number;
  reply: unknown;
}

/** When this instance's own code began (epoch ms): the thread's start before it, the function's loading after. */
const startedAt = performance.timeOrigin + performance.now();
const port = parentPort!;
const { bundle } = workerData as Init;
const requireFromBundle = createRequire(bundle);

runClockFrom(null);

// The instances yield the CPU to the thread that serves HTTP and answers every instance's database calls: on
// CloudBase the database does not share the instances' CPU, and here, on a machine with a few cores, an
// instance woken by its answer would otherwise preempt that thread while others wait for theirs. Linux only
// (one thread's priority is set through its task id); elsewhere the instances keep the normal priority.
try {
  const taskId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  setPriority(taskId, INSTANCE_NICENESS);
} catch {
  // Not Linux, or not allowed: scheduling stays as it is.
}

const pending = new Map<number, (reply: unknown) => void>();
let nextDbId = 0;

/**
 * The invocation's database calls and its critical path: a call sent after another's answer came back may
 * depend on it, so its depth is one more than the deepest answered call; calls sent together (Promise.all)
 * share a depth. With a network hop per call (CloudBase's database is one away), the depth is what a person waits.
 */
const trace = { calls: 0, depth: 0, answeredDepth: 0, answerBytes: 0 };
/** The UTF-8 bytes of the documents in a database answer (each one Extended JSON, as CloudBase sends them). */
const documentBytes = (reply: unknown): number => {
  const data = (reply as { data?: { list?: unknown } } | undefined)?.data;
  const list = Array.isArray(data?.list) ? data.list : [];
  return list.reduce((sum: number, d) => sum + (typeof d === 'string' ? Buffer.byteLength(d) : 0), 0);
};
const requester = requireFromBundle('@cloudbase/node-sdk/dist/utils/tcbdbapirequester.js');
requester.TcbDBApiHttpRequester.prototype.send = function send(api: string, data: unknown) {
  const id = ++nextDbId;
  const depth = trace.answeredDepth + 1;
  trace.calls += 1;
  trace.depth = Math.max(trace.depth, depth);
  return new Promise((resolve) => {
    pending.set(id, (reply) => {
      trace.answeredDepth = Math.max(trace.answeredDepth, depth);
      trace.answerBytes += documentBytes(reply);
      resolve(reply);
    });
    port.postMessage({ type: 'db', id, api, data: data ?? {}, nowMs: Date.now() });
  });
};

// WeChat open APIs (cloud.openapi.*) travel as protobuf (CommApiData: field 2 = OpenApiData, whose repeated field 1
// holds key/JSON-value pairs) through @cloudbase/node-sdk's callCompatibleWxOpenApi. Swapped the same way: the
// local cloud records the call in its outbox and answers with a JSON body (CommOpenApiResp: 1 = body, 2 = type).
const protobuf = requireFromBundle('protobufjs/minimal') as typeof ProtobufMinimal;
/** Each occurrence of the length-delimited field `field` in the message `buf`, as bytes (other fields skipped). */
function* embedded(buf: Uint8Array, field: number): Generator<Uint8Array> {
  const reader = protobuf.Reader.create(buf);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === field) yield reader.bytes();
    else reader.skipType(tag & 7);
  }
}
function decodeOpenApiData(buf: Uint8Array): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const data of embedded(buf, 2)) {
    for (const pairBytes of embedded(data, 1)) {
      const pair = protobuf.Reader.create(pairBytes);
      let key = '';
      let value: Uint8Array = new Uint8Array();
      while (pair.pos < pair.len) {
        const t = pair.uint32();
        if (t >>> 3 === 1) key = pair.string();
        else if (t >>> 3 === 2) value = pair.bytes();
        else pair.skipType(t & 7);
      }
      fields[key] = JSON.parse(Buffer.from(value).toString('utf8'));
    }
  }
  return fields;
}
const cloudbase = requireFromBundle('@cloudbase/node-sdk/dist/cloudbase.js');
cloudbase.CloudBase.prototype.callCompatibleWxOpenApi = async function callCompatibleWxOpenApi(options: {
  apiName: string;
  requestData: Buffer;
}) {
  const id = ++nextDbId;
  const reply = (await new Promise<unknown>((resolve) => {
    pending.set(id, resolve);
    port.postMessage({
      type: 'openapi',
      id,
      api: options.apiName,
      data: decodeOpenApiData(options.requestData),
      nowMs: Date.now(),
    });
  })) as { binary?: string; contentType?: string };
  const writer = protobuf.Writer.create();
  // An image answer (wxacode.*) travels as bytes with its own content type; the rest as JSON.
  if (reply.binary) {
    writer.uint32(10).bytes(Buffer.from(reply.binary, 'base64'));
    writer.uint32(18).string(reply.contentType ?? 'application/octet-stream');
  } else {
    writer.uint32(10).bytes(Buffer.from(JSON.stringify(reply)));
    writer.uint32(18).string('application/json');
  }
  return Buffer.from(writer.finish());
};

// Cloud storage downloads (cloud.downloadFile) come from the local cloud's storage folder.
cloudbase.CloudBase.prototype.downloadFile = async function downloadFile(options: { fileID: string }) {
  const id = ++nextDbId;
  const reply = (await new Promise<unknown>((resolve) => {
    pending.set(id, resolve);
    port.postMessage({ type: 'storage', id, api: 'download', data: { fileID: options.fileID }, nowMs: Date.now() });
  })) as { fileContent?: string; code?: string; message?: string };
  if (reply.code) return { code: reply.code, message: reply.message };
  return { fileContent: Buffer.from(reply.fileContent!, 'base64') };
};

// Cloud storage deletions (cloud.deleteFile) remove the file from the local cloud's storage folder.
cloudbase.CloudBase.prototype.deleteFile = async function deleteFile(options: { fileList: string[] }) {
  const id = ++nextDbId;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    port.postMessage({ type: 'storage', id, api: 'delete', data: { fileList: options.fileList }, nowMs: Date.now() });
  });
};

// WeChat's HTTPS server APIs (access token, 人脸核身) go to the local cloud's stand-in; nothing else is reachable.
const WECHAT_HOST = 'https://api.weixin.qq.com/';
const realFetch = globalThis.fetch;
globalThis.fetch = async function localFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith(WECHAT_HOST)) return realFetch(input, init);
  const id = ++nextDbId;
  const reply = await new Promise<unknown>((resolve) => {
    pending.set(id, resolve);
    port.postMessage({
      type: 'wechat',
      id,
      api: url,
      data: { method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? init.body : '' },
      nowMs: Date.now(),
    });
  });
  return new Response(JSON.stringify(reply), { status: 200, headers: { 'content-type': 'application/json' } });
} as typeof fetch;

// The bundle is loaded after the transport is swapped, so no request can reach Tencent's network.
const fn = requireFromBundle(bundle) as { main: (event: unknown, context: unknown) => Promise<unknown> };

port.on('message', async (msg: Invoke | DbAnswer) => {
  if (msg.type !== 'invoke') {
    pending.get(msg.id)?.(msg.reply);
    pending.delete(msg.id);
    return;
  }
  runClockFrom(msg.nowMs);
  for (const [key, value] of Object.entries(msg.context)) process.env[key] = value;
  process.env.WX_CONTEXT_KEYS = Object.keys(msg.context)
    .filter((k) => k.startsWith('WX_'))
    .join(',');
  Object.assign(trace, { calls: 0, depth: 0, answeredDepth: 0, answerBytes: 0 });
  try {
    const result = await fn.main(JSON.parse(msg.eventJson), { request_id: `local-${msg.id}` });
    const db = { calls: trace.calls, roundTrips: trace.depth, answerBytes: trace.answerBytes };
    port.postMessage({ type: 'result', id: msg.id, ok: true, result: result === undefined ? null : result, db });
  } catch (error) {
    port.postMessage({
      type: 'result',
      id: msg.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  } finally {
    for (const key of Object.keys(msg.context)) delete process.env[key];
  }
});
port.postMessage({ type: 'ready', startedAt, loadedAt: performance.timeOrigin + performance.now() });
