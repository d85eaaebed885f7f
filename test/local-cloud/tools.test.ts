/**
 * npm run staff:add and employer:add: the same write whether the local cloud runs (through its control endpoint,
 * effective at once) or not (directly into the database files).
 */
import { spawnSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { LocalCloud } from '../helpers/localCloud';

jest.setTimeout(120_000);
const ROOT = resolve(__dirname, '..', '..');

/** Runs a built tool as npm run would (asynchronously while the cloud runs: the test process must not block). */
function tool(name: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'build', 'tools', `${name}.cjs`), ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (status) => done({ status, stdout, stderr }));
  });
}

const cloud = new LocalCloud();
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

const deskAs = (openid: string) => cloud.call('rating', { action: 'deskServices' }, { openid });

describe('staff:add', () => {
  it('writes directly while no local cloud runs, and through the running one (at once, no restart) while it does', async () => {
    const before = spawnSync(
      process.execPath,
      [join(ROOT, 'build', 'tools', 'staff-add.cjs'), 'tool-staff-a', '140100', '--data-dir', cloud.dataDir],
      { encoding: 'utf8' },
    );
    expect(before.stderr).toBe('');
    expect(before.stdout).toContain('已将 tool-staff-a 加入 太原 的工作人员名单。');
    expect(before.status).toBe(0);

    await cloud.start();
    expect((await deskAs('tool-staff-a')).data.cityName).toBe('太原');
    expect((await deskAs('tool-staff-b')).code).toBe('NOT_STAFF');
    const during = await tool('staff-add', ['tool-staff-b', '131000', '--data-dir', cloud.dataDir]);
    expect(during.stderr).toBe('');
    expect(during.stdout).toContain('已将 tool-staff-b 加入 廊坊 的工作人员名单（经正在运行的本地云写入，立即生效）。');
    expect(during.status).toBe(0);
    expect((await deskAs('tool-staff-b')).data.cityName).toBe('廊坊');

    const employer = await tool('employer-add', [
      'tool-hr',
      '91140100MA0K000004',
      '140100',
      '--data-dir',
      cloud.dataDir,
    ]);
    expect(employer.status).toBe(0);
    expect(employer.stdout).toContain('已将 tool-hr 登记为单位（91140100MA0K000004）');
  });

  it('the control endpoint writes only for whoever holds the data directory’s key', async () => {
    const body = JSON.stringify({ collection: 'staff', doc: { _id: 'intruder', cityCode: '140100' } });
    const without = await cloud.postPath('/local/put', body, {});
    expect(without.status).toBe(403);
    const wrong = await cloud.postPath('/local/put', body, { headers: { 'x-control-key': 'guess' } });
    expect(wrong.status).toBe(403);
    expect((await deskAs('intruder')).code).toBe('NOT_STAFF');
  });
});
