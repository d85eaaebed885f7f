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

describe('project.config.json', () => {
  // wx.requestFacialVerify and wx.checkIsSupportFacialRecognition: "基础库 3.8.12 开始支持" (their API pages).
  it('previews and builds with a base library that has the face check (3.8.12 or later)', () => {
    const { libVersion } = JSON.parse(readFileSync(join(ROOT, '..', 'project.config.json'), 'utf8')) as {
      libVersion: string;
    };
    const [major, minor, patch] = libVersion.split('.').map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(3 * 1e6 + 8 * 1e3 + 12);
  });
});
