import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root, withFreshCloud } from './cloud';
import { post } from './http';
import { mainPackage } from './packageSize';

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** Each built cloud function's bundle (npm run build). */
function bundleSizes(): Array<{ name: string; bytes: number; lazy: string[] }> {
  const dir = join(root, 'cloudfunctions');
  return readdirSync(dir)
    .filter((n) => existsSync(join(dir, n, 'index.js')))
    .map((n) => ({
      name: n,
      bytes: statSync(join(dir, n, 'index.js')).size,
      // Modules loaded only by the calls that need them (scripts/build.mjs): not part of a cold start.
      lazy: readdirSync(join(dir, n))
        .filter((f) => f.endsWith('.js') && f !== 'index.js')
        .map((f) => `${f} ${kb(statSync(join(dir, n, f)).size)} KB`),
    }));
}

/** What would be shipped: the function bundles and the mini-program main package. */
export function printShipped(): void {
  console.log('\nbuilt function bundles');
  for (const b of bundleSizes())
    console.log(
      `  ${b.name.padEnd(12)} ${kb(b.bytes).padStart(7)} KB${b.lazy.length ? `  (loaded when needed: ${b.lazy.join(', ')})` : ''}`,
    );
  const pkg = mainPackage(root);
  const npmPart = pkg.unusedFilesIgnored ? 'the TDesign files they use' : 'all of miniprogram_npm';
  console.log(
    `\nmini-program main package (estimate: TS compiled by esbuild as DevTools would; every file of miniprogram/ not in packOptions.ignore, ${npmPart})`,
  );
  console.log(
    `  own code ${kb(pkg.own)} KB + TDesign ${kb(pkg.npm)} KB = ${kb(pkg.own + pkg.npm)} KB in ${pkg.files} files (limit 2048 KB)`,
  );
  if (pkg.unusedFilesIgnored)
    console.log(
      `  (all of miniprogram_npm: ${kb(pkg.npmWhole)} KB, shipped whole if ignoreUploadUnusedFiles were off)`,
    );
}

/** A harmless first call of each function: public where it can be, answered by every function the same way. */
const FIRST_CALLS: Record<string, Record<string, unknown>> = {
  catalog: { action: 'cities' },
  facility: { action: 'filters', cityCode: '442000' },
  filing: { action: 'provinces' },
  rating: { action: 'stats', cityCode: '140100', month: '2026-11' },
  user: { action: 'me' },
};

/** How many fresh local clouds the first-call table is measured in: one run's figures vary with the machine. */
const FIRST_CALL_RUNS = Number(process.env.BENCH_FIRST_CALL_RUNS ?? 5);
const COLUMNS = ['client', 'thread start', 'load', 'init + answer', 'load + init + answer', 'next'];

/** `median (min–max)` of some milliseconds. */
function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return sorted.length > 1
    ? `${median.toFixed(0)} (${sorted[0].toFixed(0)}–${sorted[sorted.length - 1].toFixed(0)})`
    : median.toFixed(0);
}

/**
 * Each function's first call on a fresh instance, in FIRST_CALL_RUNS fresh local clouds: as the client waits for
 * it, and its parts as the local cloud reports them (Server-Timing): the instance's thread starting, loading the
 * function (wx-server-sdk and the bundle), and the call itself (the SDK's init and the first answer); then a
 * second, warm call for comparison. Each cell is the median of the runs, with their range.
 */
export async function printFirstCalls(): Promise<void> {
  const cells = new Map(Object.keys(FIRST_CALLS).map((fn) => [fn, COLUMNS.map((): number[] => [])]));
  for (let run = 0; run < FIRST_CALL_RUNS; run += 1) {
    await withFreshCloud('first-call', async (cloud) => {
      for (const [fn, event] of Object.entries(FIRST_CALLS)) {
        const time = async () => {
          const t0 = performance.now();
          const res = await post(cloud.url, fn, event);
          if (res.status !== 200) throw new Error(`${fn}: HTTP ${res.status}`);
          return { ms: performance.now() - t0, timing: res.timing };
        };
        const cold = await time();
        const warm = await time();
        const { boot = NaN, load = NaN, 'first-answer': answer = NaN } = cold.timing;
        [cold.ms, boot, load, answer, load + answer, warm.ms].forEach((ms, i) => cells.get(fn)![i].push(ms));
      }
    });
  }
  console.log(
    `\nfirst call on a fresh instance and the next call, ms: median (range) of ${FIRST_CALL_RUNS} fresh clouds`,
  );
  console.log(`  ${'function'.padEnd(10)}${COLUMNS.map((c) => c.padStart(22)).join('')}`);
  for (const [fn, columns] of cells)
    console.log(`  ${fn.padEnd(10)}${columns.map((values) => spread(values).padStart(22)).join('')}`);
}
