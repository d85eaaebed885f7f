import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const FUNCTIONS = join(ROOT, 'cloudfunctions');
const folders = readdirSync(FUNCTIONS).filter((name) => existsSync(join(FUNCTIONS, name, 'package.json')));

describe('built cloud function bundles (npm run build)', () => {
  it('finds the functions', () => {
    expect(folders).toContain('catalog');
  });

  it.each(folders)('%s: a deployable folder whose index.js exports main', (name) => {
    const dir = join(FUNCTIONS, name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('index.js');
    expect(Object.keys(pkg.dependencies)).toEqual(['wx-server-sdk']);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config.permissions).toBeDefined();
    const bundle = readFileSync(join(dir, 'index.js'), 'utf8');
    expect(bundle).toContain('require("wx-server-sdk")');
    expect(bundle).not.toMatch(/\bimport\s.+\sfrom\s/); // CommonJS, shared core and zod bundled in
    // Loading it must not reach the network: the SDK is initialised on the first request, not at load.
    const mod = jest.requireActual(join(dir, 'index.js')) as { main?: unknown };
    expect(typeof mod.main).toBe('function');
  });

  // A cold start loads the whole bundle: what only some calls need is loaded apart, on the call that needs it.
  it.each(folders)('%s: index.js is at most 300 KB, without the spreadsheet parser', (name) => {
    const bundle = readFileSync(join(FUNCTIONS, name, 'index.js'));
    expect(bundle.length).toBeLessThanOrEqual(300 * 1024);
    expect(bundle.toString('utf8')).not.toContain('ExcelJS');
  });

  it('filing loads the 花名表 parser from batch.js beside it, only when a 花名表 is read', () => {
    const index = readFileSync(join(FUNCTIONS, 'filing', 'index.js'), 'utf8');
    expect(index).toContain('import("./batch.js")');
    expect(readFileSync(join(FUNCTIONS, 'filing', 'batch.js'), 'utf8')).toContain('ExcelJS');
  });
});
