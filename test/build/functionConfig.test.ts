import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

// WeChat's 定时触发器 documentation: "目前一个云函数只支持一个定时触发器" — a second timer in config.json is
// refused when the triggers are uploaded, so the function's other jobs would silently never run.
const ROOT = resolve(__dirname, '..', '..', 'cloudfunctions');
const functions = readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'core')
  .map((e) => e.name);

describe('function config.json', () => {
  it.each(functions)('%s declares at most one timer trigger', (fn) => {
    const config = JSON.parse(readFileSync(join(ROOT, fn, 'config.json'), 'utf8')) as {
      triggers?: Array<{ type: string }>;
    };
    expect((config.triggers ?? []).filter((t) => t.type === 'timer').length).toBeLessThanOrEqual(1);
  });
});
