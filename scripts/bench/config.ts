/** What `npm run bench` reads from its environment, with the defaults of a national-scale run. */
const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

export const DURATION_MS = num('BENCH_MS', 4000);
export const CONCURRENCY = num('BENCH_CONCURRENCY', 16);
export const INSTITUTIONS = num('BENCH_INSTITUTIONS', 100_000);
/** 北京 and 中山 get a large city's share of the institutions; the rest is spread over other cities in ~1,000s. */
export const BEIJING_SHARE = num('BENCH_BEIJING', 5_000);
export const ZHONGSHAN_SHARE = num('BENCH_ZHONGSHAN', 2_000);
export const DECLARATIONS = num('BENCH_DECLARATIONS', 1_000_000);
export const FILINGS = num('BENCH_FILINGS', 1_000_000);
export const FILERS = num('BENCH_FILERS', 2500);
export const RATINGS = num('BENCH_RATINGS', 1_000_000);
/** Verified visitors, each rating at most the daily limit (20): enough of them for every measured submit. */
export const VISITORS = num('BENCH_VISITORS', 300);
/** Institutions in 北京 at each size of the growth table. */
export const GROWTH = (process.env.BENCH_GROWTH ?? '1000,5000,20000,60000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
export const GROWTH_MS = num('BENCH_GROWTH_MS', 2000);
/** Empty for everything; main for the phases without the growth table; growth; or a list of phases. */
export const ONLY = process.env.BENCH_ONLY ?? '';

export const EXTRA_CITIES = 40;
export const ITEMS_PER_CITY = 60;
/** People who change their 北京 hospital in the facility phase. */
export const PERSONS = 64;
export const VISITS = 5000;
