// npm run bench: a local cloud on a temporary data directory, loaded with a realistic volume, driven with
// concurrent requests; prints latency percentiles and throughput per action, and what would be shipped.
import { transformSync } from 'esbuild';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { startLocalCloud } = require(join(root, 'build', 'local-cloud', 'server.cjs'));
const { EJSON } = require('bson');

const DURATION_MS = Number(process.env.BENCH_MS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const EXTRA_CITIES = 40;
const ITEMS_PER_CITY = 60;

function post(url, fn, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': 'bench', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function drive(url, name, makeEvent) {
  const latencies = [];
  let failures = 0;
  const end = Date.now() + DURATION_MS;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint();
        const res = await post(url, 'catalog', makeEvent(n++));
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.status !== 200 || !JSON.parse(res.body).ok) failures += 1;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { name, count: latencies.length, failures, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), rps: latencies.length / (DURATION_MS / 1000) };
}

function loadVolume(db) {
  // Synthetic cities' catalogues (bench data only, in a temporary directory): more items than any real city.
  const docs = [];
  for (let c = 0; c < EXTRA_CITIES; c += 1) {
    const cityCode = String(900000 + c * 100);
    for (let i = 0; i < ITEMS_PER_CITY; i += 1) {
      const code = `${cityCode}${String(100000 + i)}`;
      docs.push(EJSON.stringify({ _id: code, code, officialCode: null, cityCode, name: `压测事项${i}备案`, category: '压测', timeLimit: { text: '即时办结', rules: [{ limit: { kind: 'immediate' } }] } }, { relaxed: false }));
    }
  }
  const reply = db.handle('database.insertDocument', { collectionName: 'services', data: docs });
  if (reply.code) throw new Error(reply.message);
  return docs.length;
}

function bundleSizes() {
  const dir = join(root, 'cloudfunctions');
  return readdirSync(dir)
    .filter((n) => existsSync(join(dir, n, 'index.js')))
    .map((n) => ({ name: n, bytes: statSync(join(dir, n, 'index.js')).size }));
}

/** The main package as upload ships it: app files, pages, their code, and only the TDesign components used. */
function mainPackage() {
  const mp = join(root, 'miniprogram');
  const files = new Set();
  const addComponent = (base) => {
    for (const ext of ['.json', '.wxml', '.wxss', '.js', '.ts', '.wxs']) if (existsSync(base + ext)) files.add(base + ext);
    const json = existsSync(`${base}.json`) ? JSON.parse(readFileSync(`${base}.json`, 'utf8')) : {};
    for (const p of Object.values(json.usingComponents ?? {})) {
      const target = p.startsWith('tdesign-miniprogram/') ? join(mp, 'miniprogram_npm', p) : p.startsWith('/') ? join(mp, p) : join(dirname(base), p);
      if (![...files].some((f) => f.startsWith(target + '.'))) addComponent(target);
    }
  };
  const app = JSON.parse(readFileSync(join(mp, 'app.json'), 'utf8'));
  for (const f of ['app.json', 'app.ts', 'app.wxss', 'sitemap.json', 'config.ts']) files.add(join(mp, f));
  for (const page of app.pages) addComponent(join(mp, page));
  const walk = (d) => readdirSync(d).forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : files.add(join(d, f))));
  for (const d of ['services', 'utils', 'components']) if (existsSync(join(mp, d))) walk(join(mp, d));
  // TDesign components import shared modules (common/, mixins/...): ship their folders whole.
  for (const d of ['common', 'mixins', 'behaviors']) if (existsSync(join(mp, 'miniprogram_npm', 'tdesign-miniprogram', d))) walk(join(mp, 'miniprogram_npm', 'tdesign-miniprogram', d));
  let own = 0;
  let tdesign = 0;
  for (const f of files) {
    const size = f.endsWith('.ts') ? Buffer.byteLength(transformSync(readFileSync(f, 'utf8'), { loader: 'ts' }).code) : statSync(f).size;
    if (relative(mp, f).startsWith('miniprogram_npm')) tdesign += size;
    else own += size;
  }
  return { own, tdesign, files: files.size };
}

const dataDir = mkdtempSync(join(tmpdir(), 'yibao-bench-'));
const cloud = await startLocalCloud({ port: 0, dataDir, functionDirs: [join(root, 'cloudfunctions')] });
try {
  const loaded = loadVolume(cloud.db);
  const total = (await post(cloud.url, 'catalog', { action: 'services', cityCode: '131000' })).body;
  if (!JSON.parse(total).ok) throw new Error(`catalog not answering: ${total}`);
  console.log(`local cloud ${cloud.url}; services collection: ${loaded + 36} documents; ${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000}s per action`);
  const results = [];
  results.push(await drive(cloud.url, 'catalog.cities', () => ({ action: 'cities' })));
  results.push(await drive(cloud.url, 'catalog.services (page 1)', () => ({ action: 'services', cityCode: '131000' })));
  results.push(await drive(cloud.url, 'catalog.services (keyword)', (i) => ({ action: 'services', cityCode: '131000', keyword: ['备案', '报销', '登记'][i % 3] })));
  results.push(await drive(cloud.url, 'catalog.service', (i) => ({ action: 'service', code: `1320360040${String((i % 4) + 1).padStart(2, '0')}` })));
  results.push(await drive(cloud.url, 'catalog.deadline', (i) => ({ action: 'deadline', serviceCode: '132036003002', submittedAt: new Date(Date.UTC(2026, 0, 1) + (i % 365) * 86400000).toISOString() })));
  console.log('\naction                         requests  fail   p50 ms   p95 ms   p99 ms    req/s');
  for (const r of results) {
    console.log(`${r.name.padEnd(30)} ${String(r.count).padStart(8)} ${String(r.failures).padStart(5)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.rps.toFixed(0).padStart(8)}`);
  }
  console.log('\nbuilt function bundles');
  for (const b of bundleSizes()) console.log(`  ${b.name.padEnd(12)} ${(b.bytes / 1024).toFixed(1)} KB`);
  const pkg = mainPackage();
  console.log(`\nmini-program main package (estimate: TS compiled by esbuild as DevTools would, used TDesign components only)`);
  console.log(`  own code ${(pkg.own / 1024).toFixed(1)} KB + TDesign ${(pkg.tdesign / 1024).toFixed(1)} KB = ${((pkg.own + pkg.tdesign) / 1024).toFixed(1)} KB in ${pkg.files} files (limit 2048 KB)`);
} finally {
  await cloud.close();
  rmSync(dataDir, { recursive: true, force: true });
}
