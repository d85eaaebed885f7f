import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { DomainError } from '../platform/envelope';

/**
 * ID and mobile numbers (and names) at rest: AES-256-GCM ciphertext, plus a keyed hash (HMAC-SHA256) for
 * look-ups and duplicate checks, plus the masked form shown to people. The secret comes from the
 * environment variable PII_KEY (32 bytes, base64) — set in the CloudBase console for production; the local
 * cloud keeps a development key in DATA_DIR. There is no built-in fallback key.
 *
 * Rotation (docs/personal-data.md): PII_KEY is the current key and seals everything new; PII_PREVIOUS_KEYS
 * (comma-separated, newest first) still open what older keys sealed, until a re-seal has moved it all to the
 * current key. Each ciphertext names its key by a fingerprint. The look-up hashes are identifiers other
 * collections refer to (identities, filing_states, subjectKey), so they stay keyed by the oldest key of
 * the ring: it must be kept, and retiring it would need a re-keying of those identifiers (not built).
 */
export interface Sealed {
  enc: string;
  hash: string;
  masked: string;
}

/** The kinds of personal value sealed (each sealed with its kind as associated data). */
export const SEALED_KINDS = ['idNumber', 'name', 'mobile', 'address'] as const;

interface Keys {
  /** Fingerprint → cipher key; the current one first. */
  ciphers: Array<{ id: string; key: Buffer }>;
  mac: Buffer;
}

let cached: { raw: string; keys: Keys } | null = null;

function keys(): Keys {
  const raw = [process.env.PII_KEY ?? '', process.env.PII_PREVIOUS_KEYS ?? ''].join('|');
  if (cached?.raw === raw) return cached.keys;
  const ring = [process.env.PII_KEY ?? '', ...(process.env.PII_PREVIOUS_KEYS ?? '').split(',')]
    .map((k) => k.trim())
    .filter(Boolean);
  const secrets = ring.map((k) => Buffer.from(k, 'base64'));
  if (!secrets.length || secrets.some((k) => k.length !== 32)) {
    console.error('PII_KEY (or one of PII_PREVIOUS_KEYS) is missing or not 32 bytes of base64');
    throw new DomainError('INTERNAL', '服务暂时无法保存个人信息，请稍后再试或到窗口办理。');
  }
  const derive = (secret: Buffer, info: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));
  const ciphers = secrets.map((secret) => {
    const key = derive(secret, 'yibao/pii/aes-256-gcm');
    return { id: createHash('sha256').update(key).digest('base64url').slice(0, 8), key };
  });
  cached = { raw, keys: { ciphers, mac: derive(secrets[secrets.length - 1], 'yibao/pii/hmac') } };
  return cached.keys;
}

export function keyedHash(kind: string, value: string): string {
  return createHmac('sha256', keys().mac).update(`${kind}:${value}`).digest('base64url');
}

export function seal(kind: string, value: string, mask: (v: string) => string): Sealed {
  const current = keys().ciphers[0];
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', current.key, iv);
  cipher.setAAD(Buffer.from(kind));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  const enc = [
    'v2',
    current.id,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join(':');
  return { enc, hash: keyedHash(kind, value), masked: mask(value) };
}

function open(key: Buffer, kind: string, iv: string, tag: string, body: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(kind));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}

/** Full value back. Callers audit the read (audit.ts). v1 values (before key fingerprints) were sealed by the first key. */
export function unseal(kind: string, enc: string): string {
  const parts = enc.split(':');
  const { ciphers } = keys();
  if (parts[0] === 'v1' && parts.length === 4)
    return open(ciphers[ciphers.length - 1].key, kind, parts[1], parts[2], parts[3]);
  if (parts[0] !== 'v2' || parts.length !== 5) throw new Error('unknown personal-data format');
  const key = ciphers.find((c) => c.id === parts[1]);
  if (!key) throw new Error('personal data sealed by a key that is not in PII_KEY / PII_PREVIOUS_KEYS');
  return open(key.key, kind, parts[2], parts[3], parts[4]);
}

/** Whether a sealed value was sealed by a key other than the current one (a re-seal moves it). */
export function sealedByOldKey(enc: string): boolean {
  return !enc.startsWith(`v2:${keys().ciphers[0].id}:`);
}

/**
 * The same value sealed by the current key, its hash and mask unchanged; the kind is found by which one
 * opens it (the kind is the ciphertext's associated data, so no other kind can).
 */
export function reseal(sealed: Sealed): Sealed {
  for (const kind of SEALED_KINDS) {
    let value: string;
    try {
      value = unseal(kind, sealed.enc);
    } catch {
      continue;
    }
    return { ...sealed, enc: seal(kind, value, () => sealed.masked).enc };
  }
  throw new Error('a sealed value none of the keys and kinds opens');
}
