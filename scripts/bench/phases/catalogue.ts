import type { LocalCloud } from '../cloud';
import { CONCURRENCY, DURATION_MS } from '../config';
import { type Call, drive } from '../drive';
import { call } from '../http';
import { loadCatalogue } from '../loaders/catalogue';
import { printResults } from '../report';

const catalog = (event: Record<string, unknown>): Call => ({ fn: 'catalog', event });

/** The catalogue beside synthetic cities' items: the cities, a city's list and search, one item, a deadline. */
export async function cataloguePhase(cloud: LocalCloud): Promise<void> {
  const loaded = loadCatalogue(cloud.db);
  const total = await call(cloud.url, 'catalog', { action: 'services', cityCode: '131000' });
  if (!total.ok) throw new Error(`catalog not answering: ${JSON.stringify(total)}`);
  console.log(
    `local cloud ${cloud.url}; services collection: ${loaded + 36} documents; ${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000}s per action`,
  );
  const results = [];
  results.push(await drive(cloud.url, 'catalog.cities', () => catalog({ action: 'cities' })));
  results.push(
    await drive(cloud.url, 'catalog.services (page 1)', () => catalog({ action: 'services', cityCode: '131000' })),
  );
  results.push(
    await drive(cloud.url, 'catalog.services (keyword)', (i) =>
      catalog({ action: 'services', cityCode: '131000', keyword: ['备案', '报销', '登记'][i % 3] }),
    ),
  );
  results.push(
    await drive(cloud.url, 'catalog.service', (i) =>
      catalog({ action: 'service', code: `1320360040${String((i % 4) + 1).padStart(2, '0')}` }),
    ),
  );
  results.push(
    await drive(cloud.url, 'catalog.deadline', (i) =>
      catalog({
        action: 'deadline',
        serviceCode: '132036003002',
        submittedAt: new Date(Date.UTC(2026, 0, 1) + (i % 365) * 86400000).toISOString(),
      }),
    ),
  );
  printResults(results);
}
