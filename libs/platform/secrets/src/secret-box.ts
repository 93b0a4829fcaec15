import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKey } from './secret-key';

/** A secret encrypted with AES-256-GCM, as stored. */
export interface SealedSecret {
  v: 1;
  alg: 'aes-256-gcm';
  /** Which key sealed it ({@link SecretKey.id}). */
  key_id: string;
  /** 96-bit nonce, fresh for every seal; base64. */
  iv: string;
  /** 128-bit authentication tag; base64. */
  tag: string;
  /** Ciphertext of the JSON-encoded fields; base64. */
  data: string;
}

/** The configured key is not the one a secret was sealed with. */
export class SecretKeyMismatchError extends Error {
  constructor(
    readonly sealedWith: string,
    readonly configured: string,
  ) {
    super(
      `this secret was encrypted with key ${sealedWith}, but the configured key is ${configured}: ` +
        'restore the original STRATA_SECRET_KEY (or secret.key file) to read it',
    );
    this.name = new.target.name;
  }
}

/** The ciphertext failed authentication: corrupted, tampered with, or moved to another record. */
export class SecretDecryptionError extends Error {
  constructor() {
    super('a stored secret failed authentication: it was corrupted, tampered with, or copied from another record');
    this.name = new.target.name;
  }
}

const IV_BYTES = 12;

/**
 * Encrypts `fields`. `context` (what the record is: e.g. tenant, credential id, kind) is bound in as
 * associated data, so a ciphertext copied onto another record does not decrypt there.
 */
export function sealSecret(key: SecretKey, fields: Readonly<Record<string, string>>, context: string): SealedSecret {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.bytes(), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(fields), 'utf8'), cipher.final()]);
  return { v: 1, alg: 'aes-256-gcm', key_id: key.id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Decrypts what {@link sealSecret} produced with the same key and context. */
export function openSecret(key: SecretKey, sealed: SealedSecret, context: string): Record<string, string> {
  if (sealed.key_id !== key.id) throw new SecretKeyMismatchError(sealed.key_id, key.id);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes(), Buffer.from(sealed.iv, 'base64'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
    return JSON.parse(plaintext.toString('utf8')) as Record<string, string>;
  } catch {
    throw new SecretDecryptionError();
  }
}
