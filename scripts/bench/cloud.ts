import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { startLocalCloud as StartLocalCloud } from '../local-cloud/server';

/** The repository: this file is scripts/bench/ as source and build/bench/ as bundle, both two levels down. */
export const root = join(__dirname, '..', '..');

export type LocalCloud = Awaited<ReturnType<typeof StartLocalCloud>>;
export type BenchDb = LocalCloud['db'];

// The built local cloud, not bundled here: it starts its function instances from build/local-cloud/instance.cjs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startLocalCloud } = require(join(root, 'build', 'local-cloud', 'server.cjs')) as {
  startLocalCloud: typeof StartLocalCloud;
};

/**
 * A full collection after a phase's cloud is closed (node --expose-gc, as `npm run bench` runs it): the next
 * phase is measured on its own data, not while the collector walks the previous phase's gigabytes.
 */
export const collectGarbage = (): void => globalThis.gc?.();

/** A fresh local cloud on a temporary directory for one part of the bench: closed, collected and removed after. */
export async function withFreshCloud<T>(name: string, run: (cloud: LocalCloud) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `yibao-bench-${name}-`));
  const cloud = await startLocalCloud({ port: 0, dataDir: dir, functionDirs: [join(root, 'cloudfunctions')] });
  try {
    return await run(cloud);
  } finally {
    await cloud.close();
    collectGarbage();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The process's memory, and how much of it is the main thread's live heap (after a full collection). */
export function memory(): string {
  collectGarbage();
  const m = process.memoryUsage();
  return `rss ${(m.rss / 1e6).toFixed(0)} MB, main heap ${(m.heapUsed / 1e6).toFixed(0)} MB`;
}

/** Seconds since `t0` (Date.now()), as the tables print them. */
export const secondsSince = (t0: number): string => ((Date.now() - t0) / 1000).toFixed(1);
