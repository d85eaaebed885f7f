import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { staffLinkId } from '../../cloudfunctions/core/identity/employers';
import { keyedHash } from '../../cloudfunctions/core/identity/personalData';
import type { LocalCloud } from './localCloud';

/**
 * The unit's 参保 list as `npm run employer:staff` writes it (keyed hashes under the cloud's own personal-data
 * key), put into a running local cloud: the tool itself needs the cloud stopped (test/functions/filingBatch
 * runs it for real). These people may then be on the unit's 花名表.
 */
export async function withUnitStaff(
  cloud: Pick<LocalCloud, 'call' | 'dataDir'>,
  creditCode: string,
  cityCode: string,
  idNumbers: string[],
): Promise<void> {
  const saved = process.env.PII_KEY;
  process.env.PII_KEY = readFileSync(join(cloud.dataDir, 'dev-pii.key'), 'utf8').trim();
  try {
    for (const id of idNumbers) {
      const idHash = keyedHash('idNumber', id);
      const doc = { _id: staffLinkId(creditCode, idHash), creditCode, cityCode, idHash, source: 'insuranceList' };
      const put = await cloud.call('probe', { action: 'put', collection: 'employer_staff', doc });
      if (!put.ok) throw new Error(`employer_staff: ${JSON.stringify(put)}`);
    }
  } finally {
    process.env.PII_KEY = saved;
  }
}

/** The first row of the roster fixture (two-rows-one-bad.xlsx): 李四, a valid number. */
export const FIXTURE_ROSTER_IDS = ['140101198001010016'];
