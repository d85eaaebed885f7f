// Builds what the project runs: each cloud function's bundle (deployable folder), the local cloud, the test
// fixture functions, and the TDesign copy that WeChat's npm build would make (miniprogram/miniprogram_npm).
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPreview } from './preview/build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning', legalComments: 'none' };

/** Folders with index.ts + package.json + config.json are functions; others (core/) are bundled into them. */
function functionFolders(dir) {
  return readdirSync(dir).filter((name) =>
    ['index.ts', 'package.json', 'config.json'].every((f) => existsSync(join(dir, name, f))),
  );
}

const fnDir = join(root, 'cloudfunctions');
const functions = functionFolders(fnDir);

/**
 * A function's lazily loaded modules — `import('./roster.js')` in its own folder — are bundled apart, beside
 * index.js, so what only some calls need (the 花名表 parser: exceljs) is not loaded on every cold start.
 */
function lazyChunks(dir) {
  const chunks = new Set();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/import\('\.\/([A-Za-z]+)\.js'\)/g))
      chunks.add(m[1]);
  }
  return [...chunks];
}
const keepChunksApart = (chunks) => ({
  name: 'lazy-chunks',
  setup(b) {
    b.onResolve({ filter: /^\.\/[A-Za-z]+\.js$/ }, (args) =>
      chunks.includes(args.path.slice(2, -3)) && args.kind === 'dynamic-import'
        ? { path: args.path, external: true }
        : undefined,
    );
  },
});
await Promise.all(
  functions.flatMap((name) => {
    const chunks = lazyChunks(join(fnDir, name));
    // CloudBase's Node.js 18 runtime or later: core/platform/wechat.ts needs the global fetch. Whitespace and
    // syntax are minified (names are kept, so a stack trace still names the function): a smaller cold start.
    const fn = { ...common, target: 'node18', external: ['wx-server-sdk'], minifyWhitespace: true, minifySyntax: true };
    return [
      build({
        ...fn,
        entryPoints: [join(fnDir, name, 'index.ts')],
        outfile: join(fnDir, name, 'index.js'),
        plugins: [keepChunksApart(chunks)],
      }),
      ...chunks.map((chunk) =>
        build({ ...fn, entryPoints: [join(fnDir, name, `${chunk}.ts`)], outfile: join(fnDir, name, `${chunk}.js`) }),
      ),
    ];
  }),
);

const fixtures = join(root, 'test', 'fixtures', 'functions');
const fixtureOut = join(root, 'build', 'test-functions');
rmSync(fixtureOut, { recursive: true, force: true });
for (const name of existsSync(fixtures) ? functionFolders(fixtures) : []) {
  await build({
    ...common,
    target: 'node20',
    entryPoints: [join(fixtures, name, 'index.ts')],
    outfile: join(fixtureOut, name, 'index.js'),
    external: ['wx-server-sdk'],
  });
  for (const f of ['config.json', 'collections.json']) {
    if (existsSync(join(fixtures, name, f))) cpSync(join(fixtures, name, f), join(fixtureOut, name, f));
  }
}

await build({
  ...common,
  target: 'node20',
  entryPoints: {
    start: join(root, 'scripts', 'local-cloud', 'start.ts'),
    instance: join(root, 'scripts', 'local-cloud', 'instance.ts'),
    server: join(root, 'scripts', 'local-cloud', 'server.ts'),
  },
  outdir: join(root, 'build', 'local-cloud'),
  outExtension: { '.js': '.cjs' },
  external: ['lmdb', 'mingo', 'bson', 'wx-server-sdk', '@cloudbase/*'],
});

await build({
  ...common,
  target: 'node20',
  entryPoints: {
    'import-institutions': join(root, 'scripts', 'tools', 'import-institutions.ts'),
    'staff-add': join(root, 'scripts', 'tools', 'staff-add.ts'),
    'employer-add': join(root, 'scripts', 'tools', 'employer-add.ts'),
    'employer-staff': join(root, 'scripts', 'tools', 'employer-staff.ts'),
    'pii-rotate': join(root, 'scripts', 'tools', 'pii-rotate.ts'),
  },
  outdir: join(root, 'build', 'tools'),
  outExtension: { '.js': '.cjs' },
  external: ['lmdb', 'mingo', 'bson', 'csv-parse', 'exceljs'],
});

// npm run bench: the local cloud it starts is build/local-cloud/server.cjs, required at run time (not bundled).
await build({
  ...common,
  target: 'node20',
  entryPoints: { bench: join(root, 'scripts', 'bench', 'main.ts') },
  outdir: join(root, 'build', 'bench'),
  outExtension: { '.js': '.cjs' },
  external: ['lmdb', 'mingo', 'bson', 'esbuild'],
});

// npm run deploy: the management SDK (and bson, as for the tools) stays a package (it is not bundled).
await build({
  ...common,
  target: 'node20',
  entryPoints: { deploy: join(root, 'scripts', 'deploy', 'cli.ts') },
  outdir: join(root, 'build', 'deploy'),
  outExtension: { '.js': '.cjs' },
  external: ['@cloudbase/manager-node', 'csv-parse', 'bson'],
});

const tdesign = join(root, 'node_modules', 'tdesign-miniprogram', 'miniprogram_dist');
const npmOut = join(root, 'miniprogram', 'miniprogram_npm', 'tdesign-miniprogram');
if (!existsSync(join(npmOut, 'button', 'button.js'))) {
  mkdirSync(dirname(npmOut), { recursive: true });
  cpSync(tdesign, npmOut, { recursive: true });
}
// The browser preview `npm start` serves at its root (scripts/preview/).
await buildPreview(root);
console.log(`built ${functions.length} function(s): ${functions.join(', ')}`);
