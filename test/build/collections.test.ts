import { readFileSync,readdirSync } from 'node:fs';
import { join,resolve } from 'node:path';
import { COLLECTIONS,declarationOf } from '../../cloudfunctions/core/documents/collections';

const ROOT = resolve(__dirname, '..', '..', 'cloudfunctions');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('collections as code', () => {
  const used = new Map<string, string>();
  for (const file of sources(ROOT)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bcollection\(\s*'([^']+)'\s*[,)]/g)) used.set(m[1], file);
  }

  it('finds the collections the functions use', () => {
    expect([...used.keys()]).toEqual(expect.arrayContaining(['services', 'calendars', 'users', 'members', 'audit']));
  });

  it.each([...used.keys()])('"%s" has a permission rule and index declarations', (name) => {
    const declared = declarationOf(name)!;
    expect(declared).toBeDefined();
    expect(declared.rule).toBeDefined();
    expect(Array.isArray(declared.indexes)).toBe(true);
  });

  it('keeps personal data server-only: no collection is readable or writable by clients', () => {
    for (const [name, c] of Object.entries(COLLECTIONS)) expect([name, c.rule]).toEqual([name, { read: false, write: false }]);
  });
});
