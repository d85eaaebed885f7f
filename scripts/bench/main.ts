/**
 * npm run bench: a local cloud on a temporary data directory, loaded with a realistic volume, driven with
 * concurrent requests; prints latency percentiles and throughput per action, and what would be shipped.
 * BENCH_ONLY: empty for everything; main for the phases without the growth table; growth; or a list of phases.
 */
import { cpus } from 'node:os';
import { ONLY } from './config';
import { facilityPhase } from './phases/facility';
import { filingPhase } from './phases/filing';
import { growthPhase } from './phases/growth';
import { ratingPhase } from './phases/rating';

const PHASES: Record<string, () => Promise<void>> = {
  facility: facilityPhase,
  filing: filingPhase,
  rating: ratingPhase,
};

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} cores, node ${process.version}`);
  const chosen = ONLY === '' || ONLY === 'main' ? Object.keys(PHASES) : ONLY === 'growth' ? [] : ONLY.split(',');
  for (const name of chosen) {
    const phase = PHASES[name];
    if (!phase) throw new Error(`BENCH_ONLY: no phase ${name} (${Object.keys(PHASES).join(', ')}, main, growth)`);
    await phase();
  }
  if (ONLY === '' || ONLY === 'growth') await growthPhase();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
