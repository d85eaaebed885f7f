import type { Result } from './drive';

const HEADER =
  '\naction                              requests  fail refused   p50 ms   p95 ms   p99 ms    req/s  read/returned  cpu ms/req  db calls/req  round trips  answer KB  db ms/req  main busy  gc ms/s  gc max  disk faults';
const LEGEND =
  '  (cpu ms/req: all threads of this process, the clients included; db: the calls the database answered on the main thread, and their time; round trips: those one after another on the critical path, each a network hop on CloudBase (DB_LATENCY_MS models it); answer KB: the documents the database sent back; main busy: how much of the time the main thread (server, database, clients) was working; gc: its garbage-collection pauses, total per second and the longest; disk faults: pages the process had to read back from disk (major page faults) during the action, e.g. database pages the machine paged out)';

const fixed = (v: number | null, digits: number) => (v === null ? '' : v.toFixed(digits));

export function printResults(results: Result[]): void {
  console.log(HEADER);
  for (const r of results) {
    const cells = [
      r.name.padEnd(35),
      String(r.count).padStart(8),
      String(r.failures).padStart(5),
      String(r.refusals).padStart(7),
      r.p50.toFixed(1).padStart(8),
      r.p95.toFixed(1).padStart(8),
      r.p99.toFixed(1).padStart(8),
      r.rps.toFixed(0).padStart(8),
      fixed(r.readPerReturned, 2).padStart(14),
      fixed(r.cpuMs, 1).padStart(11),
      fixed(r.dbCalls, 1).padStart(13),
      fixed(r.roundTrips, 1).padStart(12),
      fixed(r.answerKb, 1).padStart(10),
      fixed(r.dbMs, 2).padStart(10),
      `${(r.mainBusy * 100).toFixed(0).padStart(9)}%`,
      r.gcMs.toFixed(0).padStart(8),
      r.gcMax.toFixed(0).padStart(7),
      String(r.diskFaults).padStart(12),
    ];
    console.log(cells.join(' '));
  }
  console.log(LEGEND);
}
