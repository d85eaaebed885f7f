import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCloud } from './localCloud';

/**
 * Personal data at rest and in transit: none of `values` (ID and mobile numbers the tests sent) may appear
 * in the database files or in any response the cloud gave. Checks the scan can see plaintext at all first.
 */
export function expectNoPlaintext(cloud: LocalCloud, values: Iterable<string>, visible = '132036004003'): void {
  const files = readdirSync(join(cloud.dataDir, 'db')).map((f) => join(cloud.dataDir, 'db', f));
  const stored = Buffer.concat(files.map((f) => readFileSync(f)));
  expect(stored.includes(Buffer.from(visible))).toBe(true);
  const responses = cloud.responses.join('\n');
  let count = 0;
  for (const value of values) {
    count += 1;
    expect([value, stored.includes(Buffer.from(value))]).toEqual([value, false]);
    expect([value, stored.includes(Buffer.from(value.toLowerCase()))]).toEqual([value, false]);
    expect([value, responses.includes(value)]).toEqual([value, false]);
  }
  expect(count).toBeGreaterThan(0);
}
