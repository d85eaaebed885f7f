import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PID_FILE = 'local-cloud.pid';

/** A local cloud serving a data directory: its process, and its address once it listens. */
export interface RunningCloud {
  pid: number;
  url: string | null;
}

/**
 * The local cloud marks the data directory it serves, so that tools write through it (control.ts) rather than
 * beside it: first its process id, then, once it listens, its address.
 */
export function markRunning(dataDir: string): { listening(url: string): void; unmark(): void } {
  const file = join(dataDir, PID_FILE);
  const write = (url: string | null) => writeFileSync(file, JSON.stringify({ pid: process.pid, url }));
  write(null);
  return { listening: (url) => write(url), unmark: () => rmSync(file, { force: true }) };
}

/** The local cloud serving this data directory, or null (none, or a mark left behind by a killed process). */
export function runningCloud(dataDir: string): RunningCloud | null {
  const file = join(dataDir, PID_FILE);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8').trim();
  // A bare number: the mark of a local cloud from before it recorded its address.
  const mark = /^\d+$/.test(text) ? { pid: Number(text), url: null } : (JSON.parse(text) as RunningCloud);
  try {
    process.kill(mark.pid, 0);
    return mark;
  } catch {
    return null;
  }
}

export function isRunning(dataDir: string): boolean {
  return runningCloud(dataDir) !== null;
}
