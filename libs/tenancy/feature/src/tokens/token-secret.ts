import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_PREFIX = 'strata_';

/** A new API token: 256 random bits, recognisable by its prefix (e.g. for secret scanners). */
export function generateApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * What is stored instead of the token. A fast hash is enough: tokens are long and random, not
 * passwords. Node's one-shot `hash()` (every request hashes its bearer token) costs half of a
 * `createHash()` object's.
 */
export function hashApiToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** Compares two token hashes without leaking, through timing, how much of them matched. */
export function sameTokenHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

export const newTokenId = (): string => `tok-${randomBytes(8).toString('hex')}`;
