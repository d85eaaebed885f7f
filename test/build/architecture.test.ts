import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

// docs/ARCHITECTURE.md is where a newcomer starts: its layout rule and "where things are" must match the tree.
const ROOT = resolve(__dirname, '..', '..');
const doc = readFileSync(join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
const section = (title: string) => {
  const start = doc.indexOf(`## ${title}`);
  return doc.slice(start, doc.indexOf('\n## ', start + 1));
};
const folders = (dir: string) =>
  readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

describe('docs/ARCHITECTURE.md', () => {
  it('names every folder of core/ in the layout rule, and only those', () => {
    const named = [...section('The layout rule').matchAll(/^\| `([a-z]+)\/` \|/gm)].map((m) => m[1]);
    expect(named.sort()).toEqual(folders('cloudfunctions/core').sort());
  });

  it('points only at paths that exist in "where things are"', () => {
    const paths = [...section('Where things are').matchAll(/`((?:cloudfunctions|miniprogram|scripts|test)\/[^`]*)`/g)]
      .map((m) => m[1].replace(/\/?<[^>]+>.*$/, ''))
      .filter(Boolean);
    expect(paths.length).toBeGreaterThan(15);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('says where every folder of scripts/ is', () => {
    const where = section('Where things are');
    expect(folders('scripts').filter((f) => !where.includes(`scripts/${f}/`))).toEqual([]);
  });

  it("keeps each function's index.ts a table of actions: short, no action written inline", () => {
    for (const fn of folders('cloudfunctions').filter((f) => f !== 'core' && f !== 'node_modules')) {
      const entry = readFileSync(join(ROOT, 'cloudfunctions', fn, 'index.ts'), 'utf8');
      expect([fn, entry.split('\n').length < 60, /\basync\b|=>/.test(entry)]).toEqual([fn, true, false]);
    }
  });
});
