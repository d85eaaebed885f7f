import { type Headers, call, postOnce } from './http';

interface Profile {
  name: string;
  idType: 'resident';
  idNumber: string;
  mobile: string;
  cityCode: string;
  scheme: 'employee';
  category: 'employed' | 'retired';
}

/** A valid test ID number (GB 11643 check digit) for bench person p; not a real person. */
export function benchId(p: number, region = '110105'): string {
  const first17 = `${region}19${String(50 + (p % 40)).padStart(2, '0')}${String(1 + (p % 12)).padStart(2, '0')}${String(1 + (p % 28)).padStart(2, '0')}${String(p % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return first17 + '10X98765432'[[...first17].reduce((a, c, i) => a + Number(c) * weights[i], 0) % 11];
}

/** A person who consented, saved a profile and passed 人脸核身 through the local stand-in, as the app requires. */
export async function verifiedPerson(url: string, openid: string, profile: Profile): Promise<void> {
  const h: Headers = { 'x-openid': openid };
  const me = await call<{ consent: { current: { version: string } } }>(url, 'user', { action: 'me' }, h);
  await call(url, 'user', { action: 'consent', version: me.data.consent.current.version }, h);
  const prof = await call(url, 'user', { action: 'updateProfile', ...profile }, h);
  if (!prof.ok) throw new Error(`profile: ${JSON.stringify(prof)}`);
  const start = await call<{ verifyId: string }>(url, 'user', { action: 'startVerification' }, h);
  await postOnce(url, '/wechat/face-check', { verifyId: start.data.verifyId }, h);
  const done = await call(url, 'user', { action: 'confirmVerification', verifyId: start.data.verifyId }, h);
  if (!done.ok) throw new Error(`verification: ${JSON.stringify(done)}`);
}

/** `count` verified retired employees of 太原 (openids `<prefix>-<n>`), set up 16 at a time. */
export async function verifiedRetirees(
  url: string,
  prefix: string,
  count: number,
  region: string,
  mobilePrefix: string,
): Promise<string[]> {
  const openids = Array.from({ length: count }, (_, p) => `${prefix}-${p}`);
  for (let p = 0; p < count; p += 16) {
    await Promise.all(
      openids.slice(p, p + 16).map((openid, k) =>
        verifiedPerson(url, openid, {
          name: '基准测试',
          idType: 'resident',
          idNumber: benchId(p + k, region),
          mobile: `${mobilePrefix}${String(10000000 + p + k)}`,
          cityCode: '140100',
          scheme: 'employee',
          category: 'retired',
        }),
      ),
    );
  }
  return openids;
}
