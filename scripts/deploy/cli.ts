/** The `npm run deploy` entry (built to build/deploy/deploy.cjs); see main.ts. */
import { resolve } from 'node:path';
import { run } from './main';

run({
  argv: process.argv.slice(2),
  env: process.env,
  root: resolve(__dirname, '..', '..'),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Unexpected: report the message only (never an object that could carry request parameters).
    process.stderr.write(`部署工具内部错误：${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
