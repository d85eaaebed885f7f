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
});
