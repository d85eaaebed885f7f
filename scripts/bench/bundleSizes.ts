import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './cloud';
import { mainPackage } from './packageSize';

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** Each built cloud function's bundle (npm run build). */
function bundleSizes(): Array<{ name: string; bytes: number }> {
  const dir = join(root, 'cloudfunctions');
  return readdirSync(dir)
    .filter((n) => existsSync(join(dir, n, 'index.js')))
    .map((n) => ({ name: n, bytes: statSync(join(dir, n, 'index.js')).size }));
}

/** What would be shipped: the function bundles and the mini-program main package. */
export function printShipped(): void {
  console.log('\nbuilt function bundles');
  for (const b of bundleSizes()) console.log(`  ${b.name.padEnd(12)} ${kb(b.bytes)} KB`);
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
