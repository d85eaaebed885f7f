import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalDatabase } from './database';

const PII_KEY_FILE = 'dev-pii.key';
const PII_PREVIOUS_FILE = 'dev-pii.previous';

/**
 * A development secret for this data directory, created on first start: the personal-data key (PII_KEY) and
 * the stand-in app secret. Production sets both as secret environment variables of the functions instead.
 */
export function developmentKey(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The personal-data keys of this data directory (docs/personal-data.md): `dev-pii.key` seals, the keys in
 * `dev-pii.previous` (newest first, one a line) still open what they sealed before `npm run pii:rotate`.
 * A new key is made only for a new data directory: with data already there, a missing key file would
 * silently make every stored number unreadable and reset the one-ID-one-account rule, so it refuses.
 */
export function piiKeyring(dataDir: string): { current: string; previous: string[] } {
  const file = join(dataDir, PII_KEY_FILE);
  if (!existsSync(file) && existsSync(join(dataDir, 'db'))) {
    throw new Error(
      `${dataDir} holds data but its personal-data key ${PII_KEY_FILE} is missing. Restore the key from your backup ` +
        `(docs/personal-data.md), or start with an empty DATA_DIR. A new key would make every stored ID and mobile number unreadable.`,
    );
  }
  const previousFile = join(dataDir, PII_PREVIOUS_FILE);
  const previous = existsSync(previousFile)
    ? readFileSync(previousFile, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
  return { current: developmentKey(dataDir, PII_KEY_FILE), previous };
}

/** A new current key; the old one goes to the head of the previous keys. Each file is replaced whole. */
export function rotatePiiKey(dataDir: string): { current: string; previous: string[] } {
  const { current, previous } = piiKeyring(dataDir);
  const ring = { current: randomBytes(32).toString('base64'), previous: [current, ...previous] };
  const write = (name: string, text: string) => {
    writeFileSync(join(dataDir, `${name}.new`), text, { mode: 0o600 });
    renameSync(join(dataDir, `${name}.new`), join(dataDir, name));
  };
  // The previous keys first: if the second write never happens, the old key is still the current one.
  write(PII_PREVIOUS_FILE, `${ring.previous.join('\n')}\n`);
  write(PII_KEY_FILE, ring.current);
  return ring;
}

/**
 * Opens (or creates) a data directory's database, its personal-data key first: whoever creates the data
 * creates its key, so a start later never meets data without one — unless the key file was lost.
 */
export function openLocalData(
  dataDir: string,
  declarations: ConstructorParameters<typeof LocalDatabase>[1],
): { db: LocalDatabase; pii: ReturnType<typeof piiKeyring> } {
  const pii = piiKeyring(dataDir);
  return { db: new LocalDatabase(join(dataDir, 'db'), declarations), pii };
}
