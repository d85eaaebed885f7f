import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { DomainError } from './envelope';

/**
 * ID and mobile numbers (and names) at rest: AES-256-GCM ciphertext, plus a keyed hash (HMAC-SHA256) for
 * look-ups and duplicate checks, plus the masked form shown to people. The secret comes from the
 * environment variable PII_KEY (32 bytes, base64) — set in the CloudBase console for production; the local
 * cloud creates a development key in DATA_DIR. There is no built-in fallback key.
 */
export interface Sealed {
  enc: string;
  hash: string;
  masked: string;
}

interface Keys {
  cipher: Buffer;
  mac: Buffer;
}

let cached: { raw: string; keys: Keys } | null = null;

function keys(): Keys {
  const raw = process.env.PII_KEY ?? '';
  if (cached?.raw === raw) return cached.keys;
  const secret = Buffer.from(raw, 'base64');
  if (secret.length !== 32) {
    console.error('PII_KEY is missing or not 32 bytes of base64');
    throw new DomainError('INTERNAL', '服务暂时无法保存个人信息，请稍后再试或到窗口办理。');
  }
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));
  cached = { raw, keys: { cipher: derive('yibao/pii/aes-256-gcm'), mac: derive('yibao/pii/hmac') } };
  return cached.keys;
}

export function keyedHash(kind: string, value: string): string {
  return createHmac('sha256', keys().mac).update(`${kind}:${value}`).digest('base64url');
}

export function seal(kind: string, value: string, mask: (v: string) => string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys().cipher, iv);
  cipher.setAAD(Buffer.from(kind));
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  const enc = ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  return { enc, hash: keyedHash(kind, value), masked: mask(value) };
}

/** Full value back. Callers must audit the read (see audit.ts: readPersonal). */
export function unseal(kind: string, enc: string): string {
  const [version, iv, tag, body] = enc.split(':');
  if (version !== 'v1') throw new Error('unknown personal-data format');
  const decipher = createDecipheriv('aes-256-gcm', keys().cipher, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(kind));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}
