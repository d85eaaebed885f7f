import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The local cloud marks the data directory it serves, so tools that write to it directly can refuse. */
export function markRunning(dataDir: string): () => void {
  const file = join(dataDir, 'local-cloud.pid');
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

export function isRunning(dataDir: string): boolean {
  const file = join(dataDir, 'local-cloud.pid');
  if (!existsSync(file)) return false;
  const pid = Number(readFileSync(file, 'utf8'));
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // left behind by a killed process
  }
}
