// Secrets at rest: AES-256-GCM with a key from configuration (EDGECRON_SECRET_KEY). Each value gets a
// fresh 96-bit IV; the row it belongs to is bound in as associated data, so a sealed value copied
// onto another row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

export interface SecretBox {
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
}

/** 32 bytes as base64 (44 characters) or hex (64 digits). */
export function parseSecretKey(value: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error('EDGECRON_SECRET_KEY must be 32 bytes, as base64 or 64 hex digits');
  return key;
}

export function generateSecretKey(): string {
  return randomBytes(32).toString('base64');
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function createSecretBox(key: Buffer): SecretBox {
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url')).join('.');
    },
    open(sealed, context) {
      if (!isSealed(sealed)) throw new Error('value is not sealed');
      const [iv, tag, ciphertext] = sealed.slice(PREFIX.length).split('.').map((p) => Buffer.from(p, 'base64url'));
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    },
  };
}
