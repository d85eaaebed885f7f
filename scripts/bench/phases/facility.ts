import { printFirstCalls, printShipped } from '../bundleSizes';
import { type LocalCloud, memory, secondsSince, withFreshCloud } from '../cloud';
import { BEIJING_SHARE, CONCURRENCY, DECLARATIONS, INSTITUTIONS, PERSONS, ZHONGSHAN_SHARE } from '../config';
import { type Call, drive } from '../drive';
import { call } from '../http';
import { loadDeclarations } from '../loaders/declarations';
import { generalHospital, loadInstitutions } from '../loaders/institutions';
import { benchId, verifiedPerson } from '../people';
import { printResults } from '../report';
import { cataloguePhase } from './catalogue';

interface Person {
  openid: string;
  index: number;
  /** Changes made so far. */
  k: number;
}

/** The day of a 北京 online window for a person's k-th change (4th–24th of a month, 10:00), always later. */
function windowTime(k: number): string {
  const month = Math.floor(k / 20);
  const day = 4 + (k % 20);
  return new Date(Date.UTC(2027, month, day, 2, 0)).toISOString();
}

/** People who change their 北京 hospital: each with a profile and a first selection. */
async function selectingPersons(url: string): Promise<Person[]> {
  const persons: Person[] = [];
  for (let p = 0; p < PERSONS; p += 1) {
    const openid = `bench-person-${p}`;
    await verifiedPerson(url, openid, {
      name: '基准测试',
      idType: 'resident',
      idNumber: benchId(p),
      mobile: `139${String(10000000 + p)}`,
      cityCode: '110000',
      scheme: 'employee',
      category: 'employed',
    });
    const sel = await call(
      url,
      'facility',
      { action: 'select', code: generalHospital(p * 1000), requestId: `bench-sel-${p}-0000` },
      { 'x-openid': openid, 'x-now': '2026-12-04T10:00:00+08:00' },
    );
    if (!sel.ok) throw new Error(`select: ${JSON.stringify(sel)}`);
    persons.push({ openid, index: p, k: 0 });
  }
  return persons;
}

async function facilityActions(cloud: LocalCloud, persons: Person[]): Promise<void> {
  const search = (event: Record<string, unknown>): Call => ({ fn: 'facility', event: { action: 'search', ...event } });
  const options = { db: cloud.db };
  const results = [];
  results.push(
    await drive(
      cloud.url,
      'facility.search (name)',
      (i) => search({ cityCode: '110000', keyword: `基准街道${i % 300}综合` }),
      options,
    ),
  );
  results.push(
    await drive(
      cloud.url,
      'facility.search (镇街)',
      (i) => search({ cityCode: '442000', town: `基准镇${i % 150}` }),
      options,
    ),
  );
  results.push(
    await drive(
      cloud.url,
      'facility.search (nearest)',
      (i) =>
        search({ cityCode: '442000', near: { latitude: 22.4 + (i % 20) * 0.01, longitude: 113.3 + (i % 17) * 0.01 } }),
      options,
    ),
  );
  results.push(
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
            code: generalHospital(person.index * 1000 + person.k),
            requestId: `bench-chg-${person.openid}-${person.k}`,
          },
          headers: { 'x-openid': person.openid, 'x-now': windowTime(person.k) },
        };
      },
      options,
    ),
  );
  printResults(results);
}

/**
 * First calls, then the catalogue, then 定点 at national scale: 100,000 institutions and 1,000,000 declarations.
 * First calls come first: measured after a national-scale cloud, they also measured the process letting go of it
 * (a warm call took 14 ms instead of 2).
 */
export async function facilityPhase(): Promise<void> {
  await printFirstCalls();
  await withFreshCloud('facility', async (cloud) => {
    await cataloguePhase(cloud);
    let t0 = Date.now();
    loadInstitutions(cloud.db);
    const tInst = secondsSince(t0);
    t0 = Date.now();
    loadDeclarations(cloud.db);
    const tDecl = secondsSince(t0);
    console.log(
      `\nfacility: ${INSTITUTIONS} institutions (北京 ${BEIJING_SHARE}, 中山 ${ZHONGSHAN_SHARE}, the rest in other cities) loaded in ${tInst}s, ${DECLARATIONS} declarations in ${tDecl}s (${memory()})`,
    );
    await facilityActions(cloud, await selectingPersons(cloud.url));
    printShipped();
  });
}
