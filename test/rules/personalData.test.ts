import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { keyedHash, reseal, seal, sealedByOldKey, unseal } from '../../cloudfunctions/core/identity/personalData';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const mask = (v: string) => `${v.slice(0, 3)}****`;
const useKeys = (current: string, previous: string[] = []) => {
  process.env.PII_KEY = current;
  process.env.PII_PREVIOUS_KEYS = previous.join(',');
};
afterAll(() => {
  delete process.env.PII_KEY;
  delete process.env.PII_PREVIOUS_KEYS;
});

describe('personal-data key rotation', () => {
  it('seals by the current key; a previous key still opens; a re-seal moves a value and keeps its hash', () => {
    useKeys(keyA);
    const before = seal('mobile', '13912345678', mask);
    const hashBefore = keyedHash('idNumber', '110101198001010011');
    expect(before.enc.startsWith('v2:')).toBe(true);
    expect(sealedByOldKey(before.enc)).toBe(false);

    useKeys(keyB, [keyA]);
    expect(unseal('mobile', before.enc)).toBe('13912345678');
    expect(sealedByOldKey(before.enc)).toBe(true);
    // Look-up hashes are identifiers: they stay keyed by the oldest key of the ring.
    expect(keyedHash('idNumber', '110101198001010011')).toBe(hashBefore);
    const after = reseal(before);
    expect(after).toMatchObject({ hash: before.hash, masked: before.masked });
    expect(after.enc).not.toBe(before.enc);
    expect(sealedByOldKey(after.enc)).toBe(false);
    expect(seal('mobile', '13912345678', mask).enc.split(':')[1]).toBe(after.enc.split(':')[1]);
    expect(unseal('mobile', after.enc)).toBe('13912345678');
    // The kind is the associated data: a value never opens as another kind.
    expect(() => unseal('idNumber', after.enc)).toThrow();

    useKeys(keyB);
    expect(() => unseal('mobile', before.enc)).toThrow(/not in PII_KEY/);
  });

  it('opens values sealed before keys had fingerprints (v1), by the first key', () => {
    const derived = Buffer.from(
      hkdfSync('sha256', Buffer.from(keyA, 'base64'), Buffer.alloc(0), 'yibao/pii/aes-256-gcm', 32),
    );
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', derived, iv);
    cipher.setAAD(Buffer.from('name'));
    const body = Buffer.concat([cipher.update('张三丰', 'utf8'), cipher.final()]);
    const v1 = ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    useKeys(keyB, [keyA]);
    expect(unseal('name', v1)).toBe('张三丰');
    expect(sealedByOldKey(v1)).toBe(true);
    expect(reseal({ enc: v1, hash: 'h', masked: '张*丰' }).enc.startsWith('v2:')).toBe(true);
  });

  it('refuses to work with a key that is not 32 bytes', () => {
    useKeys(Buffer.alloc(16).toString('base64'));
    expect(() => seal('mobile', '13912345678', mask)).toThrow();
  });
});
