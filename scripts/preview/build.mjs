// Builds the browser preview (build/preview/) that `npm start` serves at its root: the real pages, rendered in
// the browser by j-component / miniprogram-exparser (the engine of the page tests), with
// - the WXML of the whole mini-program compiled by WeChat's own compiler (miniprogram-compiler, as the tests do),
// - every page's, component's and TDesign's WXSS compiled as miniprogram-simulate compiles it (class prefixes),
//   rpx converted for a 375 px phone frame,
// - TDesign's icon font `t` made from TDesign's icon SVGs (iconFont.mjs) instead of the CDN one its WXSS loads,
// - one esbuild bundle: the preview runtime (scripts/preview/main.ts, wx shim) and every page's and component's
//   code, each run on demand when its component is registered.
// Nothing here is part of the mini-program package.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { buildIconFont } from './iconFont.mjs';

const require = createRequire(import.meta.url);
/** The phone frame's width in CSS px: 750 rpx. */
export const FRAME_WIDTH = 375;

/** A component's usingComponents path → its path from the mini-program root (`/pages/x/index`). */
function resolveUsing(from, value) {
  if (value.startsWith('tdesign-miniprogram/')) return `/miniprogram_npm/${value}`;
  if (value.startsWith('/')) return posix.normalize(value);
  return posix.join(posix.dirname(from), value);
}

/** Every page and the components it uses at any depth, children before parents (the order they register in). */
function collectComponents(mp, pages) {
  const seen = new Map();
  const order = [];
  const visit = (path, tag) => {
    if (seen.has(path)) return;
    const json = JSON.parse(readFileSync(join(mp, `${path}.json`), 'utf8'));
    const entry = { path, tag, json, using: {} };
    seen.set(path, entry);
    for (const [childTag, value] of Object.entries(json.usingComponents ?? {})) {
      const child = resolveUsing(path, value);
      if (!existsSync(join(mp, `${child}.json`))) continue;
      entry.using[childTag] = child;
      visit(child, childTag);
    }
    order.push(entry);
  };
  for (const page of pages) visit(`/${page}`, 'main');
  return order;
}

/** WXSS as the browser takes it: rpx for the frame, `page` as the preview's page element, no remote fonts. */
function wxssToCss(css) {
  return css
    .replace(/(-?\d*\.?\d+)rpx/g, (_all, n) => `${+((Number(n) * FRAME_WIDTH) / 750).toFixed(3)}px`)
    .replace(/(^|[\s,{}>+~])page(?=[\s,{.:[>+~])/g, '$1.pv-page')
    .replace(/@font-face\s*{[^}]*}/g, '');
}

export async function buildPreview(root) {
  const mp = join(root, 'miniprogram');
  const out = join(root, 'build', 'preview');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const app = JSON.parse(readFileSync(join(mp, 'app.json'), 'utf8'));
  const components = collectComponents(mp, app.pages);

  // WXML: the whole mini-program through WeChat's compiler; the browser runs it once and asks it per path.
  const compiler = require('miniprogram-compiler');
  // The compiled pages outgrew the compiler's default 1 MB output buffer (ENOBUFS): room for many more.
  const gwx = compiler.wxmlToJs(mp, { maxBuffer: 64 * 1024 * 1024 });
  writeFileSync(
    join(out, 'wxml.js'),
    `window.__webview_engine_version__ = 0.02;\nwindow.__gwx = (function () {${gwx}})();\n`,
  );

  // WXSS: as miniprogram-simulate compiles it (each component's classes prefixed by its tag).
  const wxss = require('miniprogram-simulate/src/wxss');
  const manifest = {
    window: app.window ?? {},
    pages: app.pages,
    components: components.map((c) => ({
      path: c.path,
      tag: c.tag,
      using: c.using,
      title: c.json.navigationBarTitleText,
      css: wxssToCss(wxss.compile(wxss.getContent(join(mp, `${c.path}.wxss`)), { prefix: c.tag })),
    })),
    appCss: wxssToCss(wxss.compile(wxss.getContent(join(mp, 'app.wxss')), { prefix: 'main' })),
  };
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));

  // Code: every page's and component's module, run when the component registers (as WeChat runs it).
  const code = (p) => {
    const ts = join(mp, `${p}.ts`);
    return existsSync(ts) ? ts : join(mp, `${p}.js`);
  };
  const modules = components
    .map((c) => `  ${JSON.stringify(c.path)}: () => require(${JSON.stringify(code(c.path))}),`)
    .join('\n');
  await build({
    entryPoints: [join(root, 'scripts', 'preview', 'main.ts')],
    outfile: join(out, 'preview.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    logLevel: 'warning',
    legalComments: 'none',
    define: { global: 'globalThis' },
    plugins: [
      {
        name: 'preview-modules',
        setup(b) {
          b.onResolve({ filter: /^preview:modules$/ }, () => ({ path: 'modules', namespace: 'preview' }));
          b.onLoad({ filter: /.*/, namespace: 'preview' }, () => ({
            contents: `module.exports = {\n${modules}\n};\n`,
            resolveDir: root,
            loader: 'js',
          }));
        },
      },
    ],
  });
  copyFileSync(join(root, 'scripts', 'preview', 'index.html'), join(out, 'index.html'));

  // TDesign's icon font, served beside the page: its @font-face in icon.wxss (the CDN's) is stripped above.
  const icons = await buildIconFont(
    root,
    readFileSync(join(mp, 'miniprogram_npm/tdesign-miniprogram/icon/icon.wxss'), 'utf8'),
  );
  writeFileSync(join(out, 't.ttf'), icons.ttf);
  writeFileSync(
    join(out, 'preview.css'),
    `${readFileSync(join(root, 'scripts', 'preview', 'preview.css'), 'utf8')}\n` +
      `@font-face {\n  font-family: t;\n  src: url(t.ttf) format('truetype');\n  font-weight: 400;\n  font-style: normal;\n}\n`,
  );
  const count = (n) => n.toLocaleString('en-US');
  console.log(`icon font: ${count(icons.glyphs)} glyphs, ${count(icons.missing.length)} without an SVG`);
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  await buildPreview(join(dirname(new URL(import.meta.url).pathname), '..', '..'));
}
