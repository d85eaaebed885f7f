import { EJSON } from 'bson';
import { shippedCatalogue } from '../../cloudfunctions/core/catalog/data';
import { toDoc } from '../../cloudfunctions/core/documents/toInstitutionDoc';
import { SEARCH_VERSION } from '../../cloudfunctions/core/rules/searchTokens';
import { sampleInstitutions } from '../../cloudfunctions/core/documents/sampleInstitutions';
import { sampleSettlementSites } from '../../cloudfunctions/core/documents/sampleSettlementSites';
import { toSettlementSiteDoc } from '../../cloudfunctions/core/documents/toSettlementSiteDoc';
import type { LocalDatabase } from './database';
import { recordFilters } from './institutionFilters';
import { putDocument } from './putDocument';

const SEED_VERSION = 'demo-v5';

/**
 * Demo data, loaded once on the first start of a data directory (a marker records it). Each document
 * is inserted only if absent, so a start interrupted half-way completes the seed on the next start.
 */
export function seedDemoData(db: LocalDatabase): boolean {
  if (db.getMeta('seed') === SEED_VERSION) return false;
  for (const item of shippedCatalogue()) {
    const exists = db.handle('database.calculateDocument', {
      collectionName: 'services',
      query: JSON.stringify({ code: item.code }),
    });
    if ((exists.data as { total: number }).total > 0) continue;
    const reply = db.handle('database.insertDocument', {
      collectionName: 'services',
      data: [EJSON.stringify({ _id: item.code, ...item }, { relaxed: false })],
    });
    if (reply.code) throw new Error(`seeding ${item.code} failed: ${reply.message}`);
  }
  // Sample institutions, with the current search tokens: a directory seeded before tokens existed gets them.
  const institutions = sampleInstitutions().map(toDoc);
  const current = db.handle('database.calculateDocument', {
    collectionName: 'institutions',
    query: JSON.stringify({ sample: true, searchVersion: SEARCH_VERSION }),
  });
  if ((current.data as { total: number }).total < institutions.length) {
    for (const doc of institutions) {
      const reply = db.handle('database.modifyDocument', putDocument('institutions', doc));
      if (reply.code) throw new Error(`seeding institution ${doc._id} failed: ${reply.message}`);
    }
  }
  recordFilters(db, institutions);
  // Sample 跨省联网 sites (示例·…, SAMPLE-SITE-…) for the destinations the tests and the preview use.
  for (const doc of sampleSettlementSites().map(toSettlementSiteDoc)) {
    const reply = db.handle('database.modifyDocument', putDocument('settlement_sites', doc));
    if (reply.code) throw new Error(`seeding settlement site ${doc._id} failed: ${reply.message}`);
  }
  db.setMeta('seed', SEED_VERSION);
  return true;
}
