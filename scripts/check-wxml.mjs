// WXML and WXSS syntax check with WeChat's own compilers (wcc, wcsc from miniprogram-compiler), over the
// project's pages and components (TDesign's copy in miniprogram_npm is compiled by its authors).
import compiler from 'miniprogram-compiler';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'miniprogram');
const files = readdirSync(root, { recursive: true })
  .map(String)
  .filter((f) => !f.startsWith('miniprogram_npm') && !f.startsWith('node_modules'));
const withExt = (ext) => files.filter((f) => f.endsWith(ext));
const wxmlList = withExt('.wxml');
const wxssList = withExt('.wxss');
let failed = false;
try {
  compiler.wxmlToJs(root, { wxmlList, wxsList: withExt('.wxs'), maxBuffer: 64 * 1024 * 1024 });
} catch (error) {
  failed = true;
  console.error(`WXML check failed:\n${error.message ?? error}`);
}
try {
  compiler.wxssToJs(root, { wxssList });
} catch (error) {
  failed = true;
  console.error(`WXSS check failed:\n${error.message ?? error}`);
}
if (failed) process.exit(1);
console.log(`WXML ok (${wxmlList.length} files), WXSS ok (${wxssList.length} files)`);
