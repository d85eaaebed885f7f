import { EJSON } from 'bson';
import { shippedCatalogue } from '../../cloudfunctions/core/catalog/data';
import { toDoc } from '../../cloudfunctions/core/documents/toInstitutionDoc';
import { SEARCH_VERSION } from '../../cloudfunctions/core/rules/searchTokens';
import { sampleInstitutions } from '../../cloudfunctions/core/documents/sampleInstitutions';
import { sampleRatingCounts } from '../../cloudfunctions/core/documents/sampleRatingCounts';
import { addMonths, beijingMonth } from '../../cloudfunctions/core/rules/beijingTime';
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

/**
 * Demo ratings for 评价结果公布 (示例, published apart from real ones): LOCAL_DEMO_RATINGS is "off", or the month
 * (YYYY-MM) to show with the two before it; unset, the month it is now in Beijing. Put by _id on every start, so a
 * cloud started again in a new month shows that month too. Answers the months seeded.
 */
export function seedDemoRatings(db: LocalDatabase, setting = process.env.LOCAL_DEMO_RATINGS): string[] {
  if (setting === 'off') return [];
  const last = setting ?? beijingMonth(new Date());
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(last)) throw new Error(`LOCAL_DEMO_RATINGS: "off" or YYYY-MM, not ${last}`);
  const months = [-2, -1, 0].map((by) => addMonths(`${last}-01`, by).date.slice(0, 7));
  const catalogue = shippedCatalogue();
  for (const month of months) {
    for (const doc of sampleRatingCounts(catalogue, month)) {
      const reply = db.handle('database.modifyDocument', putDocument('rating_counts', doc));
      if (reply.code) throw new Error(`seeding demo ratings ${doc._id} failed: ${reply.message}`);
    }
  }
  return months;
}
