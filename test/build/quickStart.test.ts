import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(60_000);
const ROOT = resolve(__dirname, '..', '..');

/** The README's Quick start, first command (after npm ci): `npm start` brings up the local cloud. */
describe('npm start', () => {
  it('starts the local cloud, which answers the four cities', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yibao-start-'));
    const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...process.env, PORT: '0', DATA_DIR: dataDir }, detached: true });
    let output = '';
    try {
      const url = await new Promise<string>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no start within 45 s:\n${output}`)), 45_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const m = /listening on (http:\/\/[\d.:]+)/.exec(output);
          if (m) {
            clearTimeout(timer);
            done(m[1]);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => fail(new Error(`npm start exited (${code}):\n${output}`)));
      });
      const body = await new Promise<string>((done, fail) => {
        const req = request(`${url}/api/catalog`, { method: 'POST', headers: { 'x-openid': 'demo' } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => done(text));
        });
        req.on('error', fail);
        req.end('{"action":"cities"}');
      });
      expect(JSON.parse(body).data.cities.map((c: { name: string }) => c.name)).toEqual(['北京', '中山', '太原', '廊坊']);
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
