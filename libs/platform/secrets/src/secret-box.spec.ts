import { inspect } from 'node:util';
import { openSecret, sealSecret, SecretDecryptionError, SecretKeyMismatchError } from './secret-box';
import { SecretKey } from './secret-key';

describe('sealSecret / openSecret', () => {
  const key = SecretKey.generate();
  const fields = { access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const context = 'strata:credential:v1\nacme\ncred-1\naws';

  it('round-trips the fields and stores none of them in clear', () => {
    const sealed = sealSecret(key, fields, context);
    expect(openSecret(key, sealed, context)).toEqual(fields);
    expect(sealed).toMatchObject({ v: 1, alg: 'aes-256-gcm', key_id: key.id });
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(sealed.tag, 'base64')).toHaveLength(16);
    const stored = JSON.stringify(sealed);
    for (const value of Object.values(fields)) expect(stored).not.toContain(value);
  });

  it('uses a fresh IV for every seal', () => {
    const first = sealSecret(key, fields, context);
    const second = sealSecret(key, fields, context);
    expect(first.iv).not.toBe(second.iv);
    expect(first.data).not.toBe(second.data);
  });

  it('names a different key as the cause', () => {
    const sealed = sealSecret(key, fields, context);
    const other = SecretKey.generate();
    expect(() => openSecret(other, sealed, context)).toThrow(SecretKeyMismatchError);
    expect(() => openSecret(other, sealed, context)).toThrow(`encrypted with key ${key.id}, but the configured key is ${other.id}`);
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const sealed = sealSecret(key, fields, context);
    const flip = (base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64');
    };
    for (const tampered of [{ ...sealed, data: flip(sealed.data) }, { ...sealed, tag: flip(sealed.tag) }, { ...sealed, iv: flip(sealed.iv) }]) {
      expect(() => openSecret(key, tampered, context)).toThrow(SecretDecryptionError);
    }
  });

  it('refuses a ciphertext moved to another record', () => {
    const sealed = sealSecret(key, fields, context);
    expect(() => openSecret(key, sealed, 'strata:credential:v1\nglobex\ncred-1\naws')).toThrow(SecretDecryptionError);
  });
});

describe('SecretKey', () => {
  it('never prints, logs or serialises its bytes', () => {
    const key = SecretKey.generate();
    const base64 = key.bytes().toString('base64');
    const hex = key.bytes().toString('hex');
    for (const shown of [String(key), JSON.stringify({ key }), inspect(key), inspect({ nested: { key } })]) {
      expect(shown).toContain(key.id);
      expect(shown).not.toContain(base64);
      expect(shown).not.toContain(hex);
    }
  });
});
