import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocalCloud } from '../helpers/localCloud';
import { FACTS, profile, verifyFace, withTaiyuanFiling } from '../helpers/people';

jest.setTimeout(180_000);
const ROTATE = resolve(__dirname, '..', '..', 'build', 'tools', 'pii-rotate.cjs');
const NOW = '2026-11-24T10:00:00+08:00';
const rotate = (dataDir: string, ...args: string[]) =>
  execFileSync(process.execPath, [ROTATE, '--data-dir', dataDir, ...args], { encoding: 'utf8' });

describe('the personal-data key of the local cloud', () => {
  it('refuses to start without its key when data exists; rotates and re-seals, and everything still works', async () => {
    let cloud = await new LocalCloud().start();
    const { dataDir } = cloud;
    const filingId = await withTaiyuanFiling(cloud, 'pk-a', 961, NOW);
    await cloud.stop();

    // The key file lost: no silent new key (every ID would be unreadable and one-ID-one-account reset).
    const keyFile = join(dataDir, 'dev-pii.key');
    const oldKey = readFileSync(keyFile, 'utf8').trim();
    renameSync(keyFile, `${keyFile}.away`);
    await expect(new LocalCloud(dataDir).start()).rejects.toThrow(
      /holds data but its personal-data key dev-pii\.key is missing/,
    );
    renameSync(`${keyFile}.away`, keyFile);

    const out = rotate(dataDir);
    const [, count] = /重新加密 (\d+) 项/.exec(out)!;
    expect(Number(count)).toBeGreaterThanOrEqual(4); // the profile's name, ID and mobile, the filing's phone
    expect(out).not.toContain(oldKey);
    const newKey = readFileSync(keyFile, 'utf8').trim();
    expect(newKey).not.toBe(oldKey);
    expect(readFileSync(join(dataDir, 'dev-pii.previous'), 'utf8').split('\n')[0]).toBe(oldKey);
    expect(rotate(dataDir, '--reseal-only')).toContain('重新加密 0 项');
    expect(out).not.toContain(newKey);

    cloud = await new LocalCloud(dataDir).start();
    try {
      // Opened by the new key: the face check sends the name and ID to WeChat, so it must read them.
      expect(await verifyFace(cloud, 'pk-a')).toMatchObject({ ok: true, data: { verified: true } });
      // The same ID saved again hashes the same: the person stays verified and keeps their records.
      expect(
        (await cloud.call('user', profile(961, { ...FACTS.taiyuanRetired, name: '张三丰' }), { openid: 'pk-a' })).ok,
      ).toBe(true);
      expect((await cloud.call('user', { action: 'me' }, { openid: 'pk-a' })).data.profile.verifiedAt).toEqual(
        expect.any(String),
      );
      const mine = await cloud.call('filing', { action: 'mine' }, { openid: 'pk-a', now: NOW });
      expect(mine.data.filings.map((f: { filingId: string }) => f.filingId)).toEqual([filingId]);
    } finally {
      await cloud.stop();
      cloud.removeData();
    }
  });
});
