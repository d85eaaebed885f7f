#!/usr/bin/env node
// npm run screens: renders every page state (normal and 长辈模式) through the real functions on a local cloud,
// lays it out in Debian's Chromium and writes PNGs at 320 and 375 px to screens/ (gitignored), with the HTML
// documents the checks measured. The same run is part of npm test (test/browser), which writes 375 px only.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
};
if (run(process.execPath, ['scripts/build.mjs']) !== 0) process.exit(1);
const status = run(
  process.execPath,
  [
    join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--selectProjects',
    'browser',
    '--runTestsByPath',
    'test/browser/pages.test.ts',
  ],
  { SCREENS_ALL_WIDTHS: '1' },
);
console.log(`\nScreenshots: ${join(root, 'screens')}/320 and /375 (HTML documents in screens/html)`);
process.exit(status);
