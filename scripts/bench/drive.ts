import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { BenchDb } from './cloud';
import { CONCURRENCY, DURATION_MS } from './config';
import { type Headers, post } from './http';

export interface Call {
  fn: string;
  event: Record<string, unknown>;
  headers?: Headers;
}
/** The n-th call of a worker; `warm` for the one not measured that starts the worker's instance. */
export type MakeCall = (n: number, worker: number, warm?: boolean) => Call;

export interface DriveOptions {
  concurrency?: number;
  /** With the local cloud's database at hand: what the queries read per document answered, and its calls. */
  db?: BenchDb | null;
  ms?: number;
}

export interface Result {
  name: string;
  count: number;
  failures: number;
  refusals: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  readPerReturned: number | null;
  cpuMs: number;
  dbCalls: number | null;
  /** Database calls one after another on the critical path, per request (what DB_LATENCY_MS multiplies). */
  roundTrips: number | null;
  /** KB of documents the database answered with, per request (what travels back over the network). */
  answerKb: number | null;
  dbMs: number | null;
  mainBusy: number;
  gcMs: number;
  gcMax: number;
  /** Pages read back from disk during the window (major page faults of the whole process). */
  diskFaults: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Counts the database calls the main thread answers, and their time, until `stop()`. */
function timeDatabase(db: BenchDb) {
  const handle = db.handle;
  const timed = {
    calls: 0,
    ms: 0,
    stop() {
      db.handle = handle;
    },
  };
  db.handle = function (this: BenchDb, ...args: Parameters<BenchDb['handle']>) {
    const t0 = performance.now();
    try {
      return handle.apply(this, args);
    } finally {
      timed.ms += performance.now() - t0;
      timed.calls += 1;
    }
  };
  return timed;
}

/** Drives one action with `concurrency` clients for `ms`; refusals are counted apart from errors. */
export async function drive(url: string, name: string, makeCall: MakeCall, options: DriveOptions = {}) {
  const { concurrency = CONCURRENCY, db = null, ms: duration = DURATION_MS } = options;
  const send = (call: Call) => post(url, call.fn, call.event, call.headers ?? {});
  // Warm-up, not measured: every instance the load needs is started first (cold starts are not latency).
  await Promise.all(Array.from({ length: concurrency }, (_, worker) => send(makeCall(worker, worker, true))));
  db?.resetStats();
  // Where the time goes: CPU of the whole process (all threads: server, function instances, and the bench's own
  // clients), and the database calls the main thread answered.
  const cpuBefore = process.cpuUsage();
  const faultsBefore = process.resourceUsage().majorPageFault;
  const eluBefore = performance.eventLoopUtilization();
  const gcPauses: number[] = [];
  const gcWatch = new PerformanceObserver((list) => list.getEntries().forEach((e) => gcPauses.push(e.duration)));
  gcWatch.observe({ entryTypes: ['gc'] });
  const timed = db ? timeDatabase(db) : null;
  const latencies: number[] = [];
  const trips: number[] = [];
  const bytes: number[] = [];
  let failures = 0;
  let refusals = 0;
  const end = Date.now() + duration;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (Date.now() < end) {
        const call = makeCall(n++, worker);
        const t0 = process.hrtime.bigint();
        const res = await send(call);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.roundTrips !== null) trips.push(res.roundTrips);
        if (res.answerBytes !== null) bytes.push(res.answerBytes);
        const body = res.status === 200 ? (JSON.parse(res.body) as { ok: boolean; code?: string }) : null;
        if (!body) failures += 1;
        else if (!body.ok && ['VALIDATION_FAILED', 'INTERNAL'].includes(body.code ?? '')) failures += 1;
        else if (!body.ok) refusals += 1;
      }
    }),
  );
  timed?.stop();
  const cpu = process.cpuUsage(cpuBefore);
  const diskFaults = process.resourceUsage().majorPageFault - faultsBefore;
  const mainBusy = performance.eventLoopUtilization(eluBefore).utilization;
  gcWatch.disconnect();
  latencies.sort((a, b) => a - b);
  let readPerReturned: number | null = null;
  if (db) {
    const stats = Object.values(db.stats());
    const read = stats.reduce((a, c) => a + c.read, 0);
    const returned = stats.reduce((a, c) => a + c.returned, 0);
    readPerReturned = returned ? read / returned : 0;
  }
  const result: Result = {
    name,
    count: latencies.length,
    failures,
    refusals,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    rps: latencies.length / (duration / 1000),
    readPerReturned,
    cpuMs: (cpu.user + cpu.system) / 1000 / latencies.length,
    dbCalls: timed ? timed.calls / latencies.length : null,
    roundTrips: trips.length ? trips.reduce((a, b) => a + b, 0) / trips.length : null,
    answerKb: bytes.length ? bytes.reduce((a, b) => a + b, 0) / bytes.length / 1024 : null,
    dbMs: timed ? timed.ms / latencies.length : null,
    mainBusy,
    gcMs: gcPauses.reduce((a, b) => a + b, 0) / (duration / 1000),
    gcMax: Math.max(0, ...gcPauses),
    diskFaults,
  };
  return result;
}
