import { randomBytes } from 'node:crypto';
import { parseSecretKey, SecretKeyError } from './secret-key';

describe('parseSecretKey', () => {
  const bytes = randomBytes(32);

  it.each([
    ['hex', bytes.toString('hex')],
    ['upper-case hex', bytes.toString('hex').toUpperCase()],
    ['base64', bytes.toString('base64')],
    ['base64url', bytes.toString('base64url')],
    ['base64 with a trailing newline', `${bytes.toString('base64')}\n`],
  ])('accepts 32 bytes as %s', (_format, text) => {
    expect(parseSecretKey(text, 'STRATA_SECRET_KEY').bytes().equals(bytes)).toBe(true);
  });

  it.each([
    ['a passphrase', 'correct horse battery staple'],
    ['16 bytes of hex', randomBytes(16).toString('hex')],
    ['48 bytes of base64', randomBytes(48).toString('base64')],
    ['31 bytes of base64', randomBytes(31).toString('base64')],
    ['empty', ''],
  ])('refuses %s with a message that does not repeat it', (_case, text) => {
    expect(() => parseSecretKey(text, 'STRATA_SECRET_KEY')).toThrow(SecretKeyError);
    expect(() => parseSecretKey(text, 'STRATA_SECRET_KEY')).toThrow(/STRATA_SECRET_KEY must be 32 random bytes/);
    try {
      parseSecretKey(text, 'STRATA_SECRET_KEY');
    } catch (error) {
      if (text !== '') expect((error as Error).message).not.toContain(text);
    }
  });

  it('gives the same key the same id, and other keys other ids', () => {
    const text = bytes.toString('hex');
    expect(parseSecretKey(text, 'x').id).toBe(parseSecretKey(bytes.toString('base64'), 'x').id);
    expect(parseSecretKey(randomBytes(32).toString('hex'), 'x').id).not.toBe(parseSecretKey(text, 'x').id);
  });
});
