import { resolve } from 'node:path';

/** The data directory a tool works on: --data-dir DIR, else DATA_DIR, else the project's .local-cloud (as npm start). */
export function dataDirOf(argv: string[]): string {
  const i = argv.indexOf('--data-dir');
  return resolve(i >= 0 ? argv[i + 1] : (process.env.DATA_DIR ?? resolve(__dirname, '..', '..', '.local-cloud')));
}
