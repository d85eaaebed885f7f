// npm run bench: a local cloud on a temporary data directory, loaded with a realistic volume, driven with
// concurrent requests; prints latency percentiles and throughput per action, and what would be shipped.
import { buildSync, transformSync } from 'esbuild';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { request } from 'node:http';
import { PerformanceObserver } from 'node:perf_hooks';
import os, { tmpdir } from 'node:os';
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
const INSTITUTIONS = Number(process.env.BENCH_INSTITUTIONS ?? 100_000);
const DECLARATIONS = Number(process.env.BENCH_DECLARATIONS ?? 1_000_000);
const PERSONS = 64;
const FILINGS = Number(process.env.BENCH_FILINGS ?? 1_000_000);
const FILERS = Number(process.env.BENCH_FILERS ?? 2500);
const RATINGS = Number(process.env.BENCH_RATINGS ?? 1_000_000);
const VISITS = 5000;
/** One city's growth table (institutions in 北京 at each size, BENCH_GROWTH); BENCH_ONLY chooses the parts (at the end). */
const GROWTH = (process.env.BENCH_GROWTH ?? '1000,5000,20000,60000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const ONLY = process.env.BENCH_ONLY ?? '';

/** toDoc (search tokens with pinyin-pro) from the TypeScript source, bundled for the bench. */
function loadToDoc() {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-bench-todoc-'));
  const out = join(dir, 'institutionDoc.cjs');
  buildSync({
    entryPoints: [join(root, 'cloudfunctions', 'core', 'facility', 'institutionDoc.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: out,
    logLevel: 'warning',
  });
  const { toDoc: loaded } = require(out);
  rmSync(dir, { recursive: true, force: true });
  return loaded;
}
const toDoc = loadToDoc();

/** One request; a kept-alive socket closed by the server while the loader blocked it is retried once. */
async function post(url, fn, body, headers = {}) {
  try {
    return await postOnce(url, fn, body, headers);
  } catch (error) {
    if (error.code !== 'ECONNRESET') throw error;
    return postOnce(url, fn, body, headers);
  }
}

function postOnce(url, fn, body, headers = {}) {
  if (!('x-openid' in headers)) headers = { 'x-openid': 'bench', ...headers };
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/${fn}`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** A person who consented, saved a profile and passed 人脸核身 through the local stand-in, as the app requires. */
async function verifiedPerson(url, openid, profile) {
  const h = { 'x-openid': openid };
  const me = JSON.parse((await post(url, 'user', { action: 'me' }, h)).body);
  await post(url, 'user', { action: 'consent', version: me.data.consent.current.version }, h);
  const prof = JSON.parse((await post(url, 'user', { action: 'updateProfile', ...profile }, h)).body);
  if (!prof.ok) throw new Error(`profile: ${JSON.stringify(prof)}`);
  const start = JSON.parse((await post(url, 'user', { action: 'startVerification' }, h)).body);
  await new Promise((resolve, reject) => {
    const req = request(
      `${url}/wechat/face-check`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...h } },
      (res) => res.resume().on('end', resolve),
    );
    req.on('error', reject);
    req.end(JSON.stringify({ verifyId: start.data.verifyId }));
  });
  const done = JSON.parse(
    (await post(url, 'user', { action: 'confirmVerification', verifyId: start.data.verifyId }, h)).body,
  );
  if (!done.ok) throw new Error(`verification: ${JSON.stringify(done)}`);
}

/** `count` verified retired employees of 太原 (openids `<prefix>-<n>`), set up 16 at a time. */
async function verifiedRetirees(url, prefix, count, region, mobilePrefix) {
  const openids = Array.from({ length: count }, (_, p) => `${prefix}-${p}`);
  for (let p = 0; p < count; p += 16) {
    await Promise.all(
      openids.slice(p, p + 16).map((openid, k) =>
        verifiedPerson(url, openid, {
          name: '基准测试',
          idType: 'resident',
          idNumber: benchId(p + k, region),
          mobile: `${mobilePrefix}${String(10000000 + p + k)}`,
          cityCode: '140100',
          scheme: 'employee',
          category: 'retired',
        }),
      ),
    );
  }
  return openids;
}

/**
 * A full collection after a phase's cloud is closed (node --expose-gc, as `npm run bench` runs it): the next
 * phase is measured on its own data, not while the collector walks the previous phase's gigabytes.
 */
const collectGarbage = () => globalThis.gc?.();
/** A fresh local cloud on a temporary directory for one part of the bench: closed, collected and removed after. */
async function withFreshCloud(name, run) {
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
const memory = () => {
  collectGarbage();
  const m = process.memoryUsage();
  return `rss ${(m.rss / 1e6).toFixed(0)} MB, main heap ${(m.heapUsed / 1e6).toFixed(0)} MB`;
};

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * Drives one action: `makeCall(n, worker)` gives { fn, event, headers }; refusals are counted apart from errors.
 * With the local cloud's database at hand, also what the queries read per document they answered.
 */
async function drive(url, name, makeCall, concurrency = CONCURRENCY, db = null) {
  // Warm-up, not measured: every instance the load needs is started first (cold starts are not latency).
  await Promise.all(
    Array.from({ length: concurrency }, (_, worker) => {
      const call = makeCall(worker, worker, true);
      return post(url, call.fn ?? 'catalog', call.event ?? call, call.headers ?? {});
    }),
  );
  db?.resetStats();
  // Where the time goes: CPU of the whole process (all threads: server, function instances, and the bench's own
  // clients), and the database calls the main thread answered.
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const gcPauses = [];
  const gcWatch = new PerformanceObserver((list) => list.getEntries().forEach((e) => gcPauses.push(e.duration)));
  gcWatch.observe({ entryTypes: ['gc'] });
  let dbCalls = 0;
  let dbMs = 0;
  const handle = db?.handle;
  if (db)
    db.handle = function timed(...args) {
      const t0 = performance.now();
      try {
        return handle.apply(this, args);
      } finally {
        dbMs += performance.now() - t0;
        dbCalls += 1;
      }
    };
  const latencies = [];
  let failures = 0;
  let refusals = 0;
  const duration = durationOverride ?? DURATION_MS;
  const end = Date.now() + duration;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (Date.now() < end) {
        const call = makeCall(n++, worker);
        const t0 = process.hrtime.bigint();
        const res = await post(url, call.fn ?? 'catalog', call.event ?? call, call.headers ?? {});
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        const body = res.status === 200 ? JSON.parse(res.body) : null;
        if (!body) failures += 1;
        else if (!body.ok && ['VALIDATION_FAILED', 'INTERNAL'].includes(body.code)) failures += 1;
        else if (!body.ok) refusals += 1;
      }
    }),
  );
  if (db) db.handle = handle;
  const cpu = process.cpuUsage(cpuBefore);
  const mainBusy = performance.eventLoopUtilization(eluBefore).utilization;
  gcWatch.disconnect();
  latencies.sort((a, b) => a - b);
  let readPerReturned = null;
  if (db) {
    const stats = Object.values(db.stats());
    const read = stats.reduce((a, c) => a + c.read, 0);
    const returned = stats.reduce((a, c) => a + c.returned, 0);
    readPerReturned = returned ? read / returned : 0;
  }
  return {
    name,
    count: latencies.length,
    failures,
    refusals,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    rps: latencies.length / (duration / 1000),
    readPerReturned,
    cpuMs: (cpu.user + cpu.system) / 1000 / latencies.length,
    dbCalls: db ? dbCalls / latencies.length : null,
    dbMs: db ? dbMs / latencies.length : null,
    mainBusy,
    gcMs: gcPauses.reduce((a, b) => a + b, 0) / (duration / 1000),
    gcMax: Math.max(0, ...gcPauses),
  };
}

function printResults(results) {
  console.log(
    '\naction                              requests  fail refused   p50 ms   p95 ms   p99 ms    req/s  read/returned  cpu ms/req  db calls/req  db ms/req  main busy  gc ms/s  gc max',
  );
  const fixed = (v, digits) => (v === null || v === undefined ? '' : v.toFixed(digits));
  for (const r of results) {
    console.log(
      `${r.name.padEnd(35)} ${String(r.count).padStart(8)} ${String(r.failures).padStart(5)} ${String(r.refusals).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.rps.toFixed(0).padStart(8)} ${fixed(r.readPerReturned, 2).padStart(14)} ${fixed(r.cpuMs, 1).padStart(11)} ${fixed(r.dbCalls, 1).padStart(13)} ${fixed(r.dbMs, 2).padStart(10)} ${(r.mainBusy * 100).toFixed(0).padStart(9)}% ${r.gcMs.toFixed(0).padStart(8)} ${r.gcMax.toFixed(0).padStart(7)}`,
    );
  }
  console.log(
    '  (cpu ms/req: all threads of this process, the clients included; db: the calls the database answered on the main thread, and their time; main busy: how much of the time the main thread (server, database, clients) was working; gc: its garbage-collection pauses, total per second and the longest)',
  );
}

/**
 * Synthetic institutions (bench data only), spread as a national list would be: 北京 and 中山 get a large
 * city's share (BENCH_BEIJING, BENCH_ZHONGSHAN), the rest is spread over other cities in ~1,000s.
 */
const BEIJING_SHARE = Number(process.env.BENCH_BEIJING ?? 5_000);
const ZHONGSHAN_SHARE = Number(process.env.BENCH_ZHONGSHAN ?? 2_000);
function loadInstitutions(db) {
  const rand = (() => {
    let x = 7;
    return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  })();
  const types = ['general', 'general', 'communityCentre', 'classA', 'tcm', 'specialist'];
  for (let b = 0; b < INSTITUTIONS; b += 10_000) {
    const docs = [];
    for (let i = b; i < Math.min(INSTITUTIONS, b + 10_000); i += 1) {
      const beijing = i < BEIJING_SHARE;
      const zhongshan = !beijing && i < BEIJING_SHARE + ZHONGSHAN_SHARE;
      const cityCode = beijing ? '110000' : zhongshan ? '442000' : String(900000 + (Math.floor(i / 1000) % 1000) * 100);
      const town = beijing ? `基准街道${i % 300}` : `基准镇${i % 150}`;
      const type = beijing
        ? types[i % types.length]
        : ['communityCentre', 'communityStation', 'communityStation', 'townHospital'][i % 4];
      const code = `BENCH-${i}`;
      const name = `基准${town}${['综合医院', '社区卫生服务中心', '门诊部'][i % 3]}${i}`;
      // Each city where it is: the other cities on a grid of 1° squares away from 北京 and 中山 (cities do not
      // share streets; earlier runs put all of them on 中山's, which made nearest walk 95,000 strangers).
      const other = Math.floor(i / 1000) % 1000;
      const [lng, lat] = beijing
        ? [116.4 + (rand() - 0.5) * 0.6, 39.9 + (rand() - 0.5) * 0.5]
        : zhongshan
          ? [113.38 + (rand() - 0.5) * 0.4, 22.52 + (rand() - 0.5) * 0.4]
          : [100.5 + (other % 12) + (rand() - 0.5) * 0.4, 24.5 + Math.floor(other / 12) + (rand() - 0.5) * 0.4];
      docs.push(
        EJSON.stringify(
          toDoc({
            code,
            cityCode,
            name,
            type,
            district: beijing ? '基准区' : '中山市',
            town,
            address: '',
            longitude: lng,
            latitude: lat,
            sample: true,
          }),
          { relaxed: false },
        ),
      );
    }
    const reply = db.handle('database.insertDocument', { collectionName: 'institutions', data: docs });
    if (reply.code) throw new Error(reply.message);
  }
}

/** Synthetic declarations of other people (bench data only), so the collection and its indexes are full. */
function loadDeclarations(db) {
  for (let b = 0; b < DECLARATIONS; b += 10_000) {
    const docs = [];
    for (let i = b; i < Math.min(DECLARATIONS, b + 10_000); i += 1) {
      const at = new Date(Date.UTC(2025, 0, 1) + i * 30_000);
      docs.push(
        EJSON.stringify(
          {
            _id: `bench-d${i}`,
            owner: `bench-owner-${i % 100_000}`,
            requestId: `bench-r${i}`,
            subjectKey: `bench-s${i % 100_000}`,
            memberId: null,
            forWhom: '本人',
            cityCode: i % 2 ? '110000' : '442000',
            kind: 'general',
            op: i % 3 ? 'change' : 'select',
            slot: 1,
            institution: { code: `BENCH-${i % 1000}`, name: '基准机构' },
            previous: null,
            result: 'accepted',
            reasons: [],
            effectiveFrom: at,
            submittedAt: at,
            withdrawnAt: null,
            notifyPending: false,
          },
          { relaxed: false },
        ),
      );
    }
    const reply = db.handle('database.insertDocument', { collectionName: 'facility_declarations', data: docs });
    if (reply.code) throw new Error(reply.message);
  }
}

/** A valid test ID number (GB 11643 check digit) for bench person p; not a real person. */
function benchId(p, region = '110105') {
  const first17 = `${region}19${String(50 + (p % 40)).padStart(2, '0')}${String(1 + (p % 12)).padStart(2, '0')}${String(1 + (p % 28)).padStart(2, '0')}${String(p % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return first17 + '10X98765432'[[...first17].reduce((a, c, i) => a + Number(c) * weights[i], 0) % 11];
}

/** Synthetic filings of other people (bench data only). */
function loadFilings(db) {
  for (let b = 0; b < FILINGS; b += 10_000) {
    const docs = [];
    for (let i = b; i < Math.min(FILINGS, b + 10_000); i += 1) {
      const at = new Date(Date.UTC(2025, 0, 1) + i * 30_000);
      const from = at.toISOString().slice(0, 10);
      docs.push(
        EJSON.stringify(
          {
            _id: `BENCHF${i}`,
            owner: `bench-owner-${i % 100_000}`,
            requestId: `bench-fr${i}`,
            subjectKey: `bench-s${i % 100_000}`,
            memberId: null,
            forWhom: '本人',
            personName: '基*',
            idNumber: '110***********0000',
            cityCode: '140100',
            typeCode: '140100-kjfj',
            typeName: '跨省非急未转住院人员备案',
            category: 'temporary',
            destination: { provinceCode: '440000', cityCode: '440100', name: '广州市' },
            scope: '跨省',
            validFrom: from,
            validUntil: from,
            address: null,
            contactPhone: null,
            submittedAt: at,
            cancelledAt: null,
            subscribe: false,
            remindPending: false,
            result: 'accepted',
            reasons: [],
            previousFilingId: null,
            replacedBy: null,
          },
          { relaxed: false },
        ),
      );
    }
    const reply = db.handle('database.insertDocument', { collectionName: 'filings', data: docs });
    if (reply.code) throw new Error(reply.message);
  }
}

/** Synthetic ratings (bench data only): 太原's six filing types over 12 months, 差评 followed up or not. */
function loadRatings(db) {
  const types = ['140100-ydaz', '140100-ydcz', '140100-czyd', '140100-ydzz', '140100-kjjz', '140100-kjfj'];
  const counts = new Map();
  for (let b = 0; b < RATINGS; b += 10_000) {
    const docs = [];
    for (let i = b; i < Math.min(RATINGS, b + 10_000); i += 1) {
      const level = 1 + (i % 7 === 0 ? 4 : i % 5);
      const month = `2026-${String(1 + (i % 12)).padStart(2, '0')}`;
      const at = new Date(`${month}-15T02:00:00Z`);
      const bad = level >= 4;
      const key = `140100:${month}:${types[i % 6]}:${level}`;
      const c = counts.get(key) ?? {
        _id: key,
        cityCode: '140100',
        month,
        serviceCode: types[i % 6],
        level,
        count: 0,
        followedUpInTime: 0,
      };
      c.count += 1;
      if (bad && i % 3 !== 0) c.followedUpInTime += 1;
      counts.set(key, c);
      docs.push(
        EJSON.stringify(
          {
            _id: `filing:bench-${i}`,
            owner: `bench-rater-${i % 200_000}`,
            requestId: `bench-rr-${i}`,
            serviceRef: { kind: 'filing', id: `bench-${i}` },
            serviceTitle: '基准',
            serviceCode: types[i % 6],
            cityCode: '140100',
            channel: 'online',
            level,
            bad,
            aspects: {},
            reasons: bad ? ['等待时间长'] : [],
            comment: null,
            callbackPhone: null,
            submittedAt: at,
            day: `${month}-15`,
            month,
            followUp: bad
              ? {
                  state: '已回复',
                  dueDate: `${month}-22`,
                  claimedBy: 'bench-staff',
                  verification: 'x',
                  rectification: 'y',
                  answer: 'z',
                  repliedAt: at,
                  repliedOnTime: i % 3 !== 0,
                  residentSatisfied: null,
                }
              : null,
          },
          { relaxed: false },
        ),
      );
    }
    const reply = db.handle('database.insertDocument', { collectionName: 'ratings', data: docs });
    if (reply.code) throw new Error(reply.message);
  }
  // The counts the rating function keeps beside the ratings (what stats reads).
  const countReply = db.handle('database.insertDocument', {
    collectionName: 'rating_counts',
    data: [...counts.values()].map((c) => EJSON.stringify(c, { relaxed: false })),
  });
  if (countReply.code) throw new Error(countReply.message);
  const visits = [];
  for (let v = 0; v < VISITS; v += 1) {
    visits.push(
      EJSON.stringify(
        {
          _id: `benchvisit${String(v).padStart(8, '0')}`,
          cityCode: '140100',
          serviceCode: '140100-ydzz',
          serviceName: '异地转诊人员备案',
          window: 'A27',
          staff: 'bench-staff',
          createdAt: new Date('2026-11-24T01:00:00Z'),
          expiresAt: new Date('2030-01-01T00:00:00Z'),
        },
        { relaxed: false },
      ),
    );
  }
  const reply = db.handle('database.insertDocument', { collectionName: 'visits', data: visits });
  if (reply.code) throw new Error(reply.message);
}

/** The m-th synthetic 北京 综合医院 (selectable): index ≡ 0 (mod 6) below BEIJING_SHARE is general. */
function generalHospital(m) {
  return `BENCH-${(m * 6) % (BEIJING_SHARE - (BEIJING_SHARE % 6))}`;
}

/** The day of a 北京 online window for a person's k-th change (4th–24th of a month, 10:00), always later. */
function windowTime(k) {
  const month = Math.floor(k / 20);
  const day = 4 + (k % 20);
  return new Date(Date.UTC(2027, month, day, 2, 0)).toISOString();
}

function loadVolume(db) {
  // Synthetic cities' catalogues (bench data only, in a temporary directory): more items than any real city.
  const docs = [];
  for (let c = 0; c < EXTRA_CITIES; c += 1) {
    const cityCode = String(900000 + c * 100);
    for (let i = 0; i < ITEMS_PER_CITY; i += 1) {
      const code = `${cityCode}${String(100000 + i)}`;
      docs.push(
        EJSON.stringify(
          {
            _id: code,
            code,
            officialCode: null,
            cityCode,
            name: `压测事项${i}备案`,
            category: '压测',
            timeLimit: { text: '即时办结', rules: [{ limit: { kind: 'immediate' } }] },
          },
          { relaxed: false },
        ),
      );
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
    for (const ext of ['.json', '.wxml', '.wxss', '.js', '.ts', '.wxs'])
      if (existsSync(base + ext)) files.add(base + ext);
    const json = existsSync(`${base}.json`) ? JSON.parse(readFileSync(`${base}.json`, 'utf8')) : {};
    for (const p of Object.values(json.usingComponents ?? {})) {
      const target = p.startsWith('tdesign-miniprogram/')
        ? join(mp, 'miniprogram_npm', p)
        : p.startsWith('/')
          ? join(mp, p)
          : join(dirname(base), p);
      if (![...files].some((f) => f.startsWith(target + '.'))) addComponent(target);
    }
  };
  const app = JSON.parse(readFileSync(join(mp, 'app.json'), 'utf8'));
  for (const f of ['app.json', 'app.ts', 'app.wxss', 'sitemap.json', 'config.ts']) files.add(join(mp, f));
  for (const page of app.pages) addComponent(join(mp, page));
  const walk = (d) =>
    readdirSync(d).forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : files.add(join(d, f))));
  for (const d of ['services', 'utils', 'components']) if (existsSync(join(mp, d))) walk(join(mp, d));
  // TDesign components import shared modules (common/, mixins/...): ship their folders whole.
  for (const d of ['common', 'mixins', 'behaviors'])
    if (existsSync(join(mp, 'miniprogram_npm', 'tdesign-miniprogram', d)))
      walk(join(mp, 'miniprogram_npm', 'tdesign-miniprogram', d));
  let own = 0;
  let tdesign = 0;
  for (const f of files) {
    const size = f.endsWith('.ts')
      ? Buffer.byteLength(transformSync(readFileSync(f, 'utf8'), { loader: 'ts' }).code)
      : statSync(f).size;
    if (relative(mp, f).startsWith('miniprogram_npm')) tdesign += size;
    else own += size;
  }
  return { own, tdesign, files: files.size };
}

/**
 * One city growing: 北京 with GROWTH[k] institutions (bench data only), every search measured with 1 client
 * (p50) and CONCURRENCY clients (p95), with documents read per document returned.
 */
async function growthTable() {
  const DISTRICTS = [
    '东城',
    '西城',
    '朝阳',
    '海淀',
    '丰台',
    '石景山',
    '通州',
    '昌平',
    '大兴',
    '顺义',
    '房山',
    '门头沟',
    '怀柔',
    '平谷',
    '密云',
    '延庆',
  ];
  const WORDS = [
    '协和',
    '同仁',
    '安贞',
    '天坛',
    '友谊',
    '宣武',
    '人民',
    '世纪',
    '和平',
    '长城',
    '光明',
    '阳光',
    '康复',
    '仁爱',
    '博爱',
    '健宫',
    '京华',
    '首都',
    '华信',
    '民航',
  ];
  const KINDS = [
    ['综合医院', 'general'],
    ['社区卫生服务中心', 'communityCentre'],
    ['中医医院', 'tcm'],
    ['专科医院', 'specialist'],
    ['社区卫生服务站', 'communityStation'],
  ];
  const rand = (() => {
    let x = 11;
    return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  })();
  let loaded = 0;
  const rows = [];
  const ms = Number(process.env.BENCH_GROWTH_MS ?? 2000);
  await withFreshCloud('growth', async (gcloud) => {
    for (const size of GROWTH) {
      const t0 = Date.now();
      for (let b = loaded; b < size; b += 5000) {
        const docs = [];
        for (let i = b; i < Math.min(size, b + 5000); i += 1) {
          const [kind, type] = KINDS[i % KINDS.length];
          const district = DISTRICTS[i % DISTRICTS.length];
          const name = `${district}${WORDS[Math.floor(i / 16) % WORDS.length]}${kind}${Math.floor(i / 320) || ''}`;
          docs.push(
            EJSON.stringify(
              toDoc({
                code: `G${String(i).padStart(7, '0')}`,
                cityCode: '110000',
                name,
                type,
                district: `${district}区`,
                town: `${district}街道${i % 20}`,
                address: '',
                longitude: 116.4 + (rand() - 0.5) * 0.6,
                latitude: 39.9 + (rand() - 0.5) * 0.5,
                sample: true,
              }),
              { relaxed: false },
            ),
          );
        }
        const reply = gcloud.db.handle('database.insertDocument', { collectionName: 'institutions', data: docs });
        if (reply.code) throw new Error(reply.message);
      }
      loaded = size;
      console.log(
        `\ngrowth: 北京 holds ${size} institutions (+ samples), loaded in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
      );
      const f = (event) => ({ fn: 'facility', event: { action: 'search', cityCode: '110000', ...event } });
      const actions = [
        ['name (协和)', (i) => f({ keyword: `${DISTRICTS[i % 16]}协和` })],
        ['拼音 initials (dcxh…)', (i) => f({ keyword: ['dcxh', 'cyty', 'hdaz', 'xcxw'][i % 4] })],
        ['拼音 full (xiehe)', () => f({ keyword: 'xiehe' })],
        ['镇街', (i) => f({ town: `${DISTRICTS[i % 16]}街道${i % 20}` })],
        ['list page 3', () => f({ offset: 40 })],
        ['nearest', (i) => f({ near: { latitude: 39.75 + (i % 20) * 0.015, longitude: 116.15 + (i % 17) * 0.03 } })],
      ];
      // Not measured: the first size also warms the code paths up (compiled on first use), or it pays for them.
      if (size === GROWTH[0]) for (const [name, make] of actions) await driveFor(gcloud, name, make, CONCURRENCY, ms);
      for (const [name, make] of actions) {
        const one = await driveFor(gcloud, name, make, 1, ms);
        const many = await driveFor(gcloud, name, make, CONCURRENCY, ms);
        rows.push({
          size,
          name,
          p50: one.p50,
          p95: many.p95,
          rps: many.rps,
          read: one.readPerReturned,
          failures: one.failures + many.failures,
        });
      }
    }
  });
  console.log(
    `\ngrowth of one city (北京): p50 with 1 client / p95 with ${CONCURRENCY} clients (ms), documents read per document returned`,
  );
  console.log(`${'search'.padEnd(24)}${GROWTH.map((g) => String(g).padStart(26)).join('')}`);
  for (const name of [...new Set(rows.map((r) => r.name))]) {
    const cells = GROWTH.map((g) => {
      const r = rows.find((x) => x.size === g && x.name === name);
      return `${r.p50.toFixed(1)} / ${r.p95.toFixed(1)} / ${r.read.toFixed(2)}${r.failures ? '!' : ''}`.padStart(26);
    });
    console.log(`${name.padEnd(24)}${cells.join('')}`);
  }
}

/** drive() for `ms` instead of DURATION_MS (the growth table measures many shapes). */
function driveFor(c, name, make, concurrency, ms) {
  return withDuration(ms, () => drive(c.url, name, make, concurrency, c.db));
}

let durationOverride = null;
async function withDuration(ms, fn) {
  durationOverride = ms;
  try {
    return await fn();
  } finally {
    durationOverride = null;
  }
}

/** The catalogue, then 定点 at national scale: 100,000 institutions and 1,000,000 declarations. */
async function facilityPhase() {
  await withFreshCloud('facility', async (cloud) => {
    const loaded = loadVolume(cloud.db);
    const total = (await post(cloud.url, 'catalog', { action: 'services', cityCode: '131000' })).body;
    if (!JSON.parse(total).ok) throw new Error(`catalog not answering: ${total}`);
    console.log(
      `local cloud ${cloud.url}; services collection: ${loaded + 36} documents; ${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000}s per action`,
    );
    const results = [];
    results.push(await drive(cloud.url, 'catalog.cities', () => ({ action: 'cities' })));
    results.push(
      await drive(cloud.url, 'catalog.services (page 1)', () => ({ action: 'services', cityCode: '131000' })),
    );
    results.push(
      await drive(cloud.url, 'catalog.services (keyword)', (i) => ({
        action: 'services',
        cityCode: '131000',
        keyword: ['备案', '报销', '登记'][i % 3],
      })),
    );
    results.push(
      await drive(cloud.url, 'catalog.service', (i) => ({
        action: 'service',
        code: `1320360040${String((i % 4) + 1).padStart(2, '0')}`,
      })),
    );
    results.push(
      await drive(cloud.url, 'catalog.deadline', (i) => ({
        action: 'deadline',
        serviceCode: '132036003002',
        submittedAt: new Date(Date.UTC(2026, 0, 1) + (i % 365) * 86400000).toISOString(),
      })),
    );
    printResults(results);

    let t0 = Date.now();
    loadInstitutions(cloud.db);
    const tInst = (Date.now() - t0) / 1000;
    t0 = Date.now();
    loadDeclarations(cloud.db);
    const tDecl = (Date.now() - t0) / 1000;
    console.log(
      `\nfacility: ${INSTITUTIONS} institutions (北京 ${BEIJING_SHARE}, 中山 ${ZHONGSHAN_SHARE}, the rest in other cities) loaded in ${tInst.toFixed(1)}s, ${DECLARATIONS} declarations in ${tDecl.toFixed(1)}s (${memory()})`,
    );

    // People who change their 北京 hospital: each with a profile and a first selection.
    const persons = [];
    for (let p = 0; p < PERSONS; p += 1) {
      const openid = `bench-person-${p}`;
      await verifiedPerson(cloud.url, openid, {
        name: '基准测试',
        idType: 'resident',
        idNumber: benchId(p),
        mobile: `139${String(10000000 + p)}`,
        cityCode: '110000',
        scheme: 'employee',
        category: 'employed',
      });
      const sel = await post(
        cloud.url,
        'facility',
        { action: 'select', code: generalHospital(p * 1000), requestId: `bench-sel-${p}-0000` },
        { 'x-openid': openid, 'x-now': '2026-12-04T10:00:00+08:00' },
      );
      if (!JSON.parse(sel.body).ok) throw new Error(`select: ${sel.body}`);
      persons.push({ openid, k: 0 });
    }
    const facility = (event) => ({ fn: 'facility', event });
    const fresults = [];
    fresults.push(
      await drive(
        cloud.url,
        'facility.search (name)',
        (i) => facility({ action: 'search', cityCode: '110000', keyword: `基准街道${i % 300}综合` }),
        CONCURRENCY,
        cloud.db,
      ),
    );
    fresults.push(
      await drive(
        cloud.url,
        'facility.search (镇街)',
        (i) => facility({ action: 'search', cityCode: '442000', town: `基准镇${i % 150}` }),
        CONCURRENCY,
        cloud.db,
      ),
    );
    fresults.push(
      await drive(
        cloud.url,
        'facility.search (nearest)',
        (i) =>
          facility({
            action: 'search',
            cityCode: '442000',
            near: { latitude: 22.4 + (i % 20) * 0.01, longitude: 113.3 + (i % 17) * 0.01 },
          }),
        CONCURRENCY,
        cloud.db,
      ),
    );
    fresults.push(
      await drive(
        cloud.url,
        'facility.change',
        (i, worker) => {
          const person = persons[(worker + CONCURRENCY * i) % persons.length];
          person.k += 1;
          return {
            fn: 'facility',
            event: {
              action: 'change',
              slot: 1,
              code: generalHospital(persons.indexOf(person) * 1000 + person.k),
              requestId: `bench-chg-${person.openid}-${person.k}`,
            },
            headers: { 'x-openid': person.openid, 'x-now': windowTime(person.k) },
          };
        },
        CONCURRENCY,
        cloud.db,
      ),
    );
    printResults(fresults);
    console.log('\nbuilt function bundles');
    for (const b of bundleSizes()) console.log(`  ${b.name.padEnd(12)} ${(b.bytes / 1024).toFixed(1)} KB`);
    const pkg = mainPackage();
    console.log(
      `\nmini-program main package (estimate: TS compiled by esbuild as DevTools would, used TDesign components only)`,
    );
    console.log(
      `  own code ${(pkg.own / 1024).toFixed(1)} KB + TDesign ${(pkg.tdesign / 1024).toFixed(1)} KB = ${((pkg.own + pkg.tdesign) / 1024).toFixed(1)} KB in ${pkg.files} files (limit 2048 KB)`,
    );
  });
}

/** 异地就医备案: a fresh local cloud, 1,000,000 filings of others, and people who file. */
async function filingPhase() {
  await withFreshCloud('filing', async (fcloud) => {
    const t0 = Date.now();
    loadFilings(fcloud.db);
    console.log(
      `\nfiling: ${FILINGS} filings loaded in ${((Date.now() - t0) / 1000).toFixed(1)}s (${memory()}); ${FILERS} people with profiles`,
    );
    const filers = await verifiedRetirees(fcloud.url, 'bench-filer', FILERS, '140105', '137');
    const headers = (openid) => ({ 'x-openid': openid, 'x-now': '2026-11-24T10:00:00+08:00' });
    const filing = (p, extra) => ({
      fn: 'filing',
      event: {
        cityCode: '140100',
        typeCode: '140100-kjfj',
        destination: { provinceCode: '440000', cityCode: '440100' },
        startDate: '2026-12-01',
        ...extra,
      },
      headers: headers(filers[p % FILERS]),
    });
    const fr = [];
    fr.push(await drive(fcloud.url, 'filing.preview', (i) => filing(i, { action: 'preview' }), CONCURRENCY, fcloud.db));
    let next = 0;
    fr.push(
      await drive(
        fcloud.url,
        'filing.submit',
        (i, worker, warm) => {
          if (warm) return filing(0, { action: 'preview' });
          const p = next++;
          return filing(p, { action: 'submit', requestId: `bench-submit-${p}` });
        },
        CONCURRENCY,
        fcloud.db,
      ),
    );
    fr.push(
      await drive(fcloud.url, 'filing.mine', (i) => ({
        fn: 'filing',
        event: { action: 'mine' },
        headers: headers(filers[i % FILERS]),
      })),
    );
    printResults(fr);
    console.log(
      `  (filing.submit: ${Math.min(next, FILERS)} people filed once each; submits past ${FILERS} overlap and are refused, recorded as 未通过)`,
    );
  });
}

/** 好差评: a fresh local cloud with 1,000,000 ratings. */
async function ratingPhase() {
  await withFreshCloud('rating', async (rcloud) => {
    const t0 = Date.now();
    loadRatings(rcloud.db);
    console.log(
      `\nrating: ${RATINGS} ratings and ${VISITS} window visits loaded in ${((Date.now() - t0) / 1000).toFixed(1)}s (${memory()})`,
    );
    // Verified visitors, each rating at most the daily limit (20): enough of them for every measured submit.
    const VISITORS = Number(process.env.BENCH_VISITORS ?? 300);
    await verifiedRetirees(rcloud.url, 'bench-visitor', VISITORS, '140106', '136');
    let visit = 0;
    const rr = [];
    rr.push(
      await drive(
        rcloud.url,
        'rating.submit',
        (i, worker, warm) => {
          if (warm) return { fn: 'rating', event: { action: 'stats', cityCode: '140100', month: '2026-10' } };
          const v = visit++;
          return {
            fn: 'rating',
            event: {
              action: 'submit',
              serviceRef: { kind: 'visit', id: `benchvisit${String(v % VISITS).padStart(8, '0')}` },
              channel: 'window',
              level: 1 + (v % 5),
              ...(v % 5 >= 3 ? { reasons: ['等待时间长'] } : {}),
              requestId: `bench-visit-${v}`,
            },
            headers: { 'x-openid': `bench-visitor-${v % VISITORS}`, 'x-now': '2026-11-24T10:00:00+08:00' },
          };
        },
        CONCURRENCY,
        rcloud.db,
      ),
    );
    rr.push(
      await drive(rcloud.url, 'rating.stats (one city, one month)', (i) => ({
        fn: 'rating',
        event: { action: 'stats', cityCode: '140100', month: `2026-${String(1 + (i % 12)).padStart(2, '0')}` },
      })),
    );
    printResults(rr);
    console.log(
      `  (rating.submit: ${Math.min(visit, VISITS)} window visits rated once each; a visit rated again is refused ALREADY_RATED)`,
    );
  });
}

/** BENCH_ONLY: empty for everything; main for the phases without the growth table; growth; or a list of phases. */
const PHASES = { facility: facilityPhase, filing: filingPhase, rating: ratingPhase };
console.log(`machine: ${os.cpus().length} cores, node ${process.version}`);
const chosen = ONLY === '' || ONLY === 'main' ? Object.keys(PHASES) : ONLY === 'growth' ? [] : ONLY.split(',');
for (const name of chosen) {
  if (!PHASES[name]) throw new Error(`BENCH_ONLY: no phase ${name} (${Object.keys(PHASES).join(', ')}, main, growth)`);
  await PHASES[name]();
}
if (ONLY === '' || ONLY === 'growth') await growthTable();
