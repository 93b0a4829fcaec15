import { createHash, randomBytes } from 'node:crypto';
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { makeDirectory } from '@strata/platform-sqlite';

const KEY_BYTES = 32;

/** `STRATA_SECRET_KEY` or the key file is unusable. The message never contains the key. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The 256-bit key secrets at rest (credentials, webhook secrets) are encrypted with. The bytes cannot be read off the object by
 * accident: it prints, logs and serialises as `[SecretKey <id>]`.
 */
export class SecretKey {
  readonly #bytes: Buffer;
  /** Short fingerprint stored with each ciphertext, so a wrong key is named as such. */
  readonly id: string;

  constructor(bytes: Uint8Array) {
    if (bytes.length !== KEY_BYTES) throw new SecretKeyError(`a secret key has ${KEY_BYTES} bytes, got ${bytes.length}`);
    this.#bytes = Buffer.from(bytes);
    this.id = createHash('sha256').update('strata-secret-key-id:').update(this.#bytes).digest('hex').slice(0, 16);
  }

  /** The raw key, for the cipher only. */
  bytes(): Buffer {
    return this.#bytes;
  }

  static generate(): SecretKey {
    return new SecretKey(randomBytes(KEY_BYTES));
  }

  toString(): string {
    return `[SecretKey ${this.id}]`;
  }
  toJSON(): string {
    return this.toString();
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4}){10}[A-Za-z0-9+/]{3}=?$|^(?:[A-Za-z0-9_-]{4}){10}[A-Za-z0-9_-]{3}=?$/;

/** Parses 32 bytes written as 64 hex digits or as base64 (standard or URL-safe, 43-44 characters). */
export function parseSecretKey(text: string, source: string): SecretKey {
  const value = text.trim();
  if (HEX.test(value)) return new SecretKey(Buffer.from(value, 'hex'));
  if (BASE64.test(value)) {
    const bytes = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
    if (bytes.length === KEY_BYTES) return new SecretKey(bytes);
  }
  throw new SecretKeyError(
    `${source} must be 32 random bytes written as 64 hex digits or as base64 (44 characters), e.g. the output of ` +
      `"openssl rand -base64 32"; got ${value.length} characters that are neither`,
  );
}

export const SECRET_KEY_FILE = 'secret.key';

export interface LoadSecretKeyOptions {
  env?: NodeJS.ProcessEnv;
  /** Where the key file is kept when `STRATA_SECRET_KEY` is unset (default `STRATA_DATA_DIR` or `./.strata`). */
  dataDir?: string;
  /** Told when an existing key file can be read by other users. */
  warn?: (message: string) => void;
}

export interface LoadedSecretKey {
  key: SecretKey;
  /** `env`: from STRATA_SECRET_KEY; `file`: read from the key file; `generated`: written to it just now. */
  source: 'env' | 'file' | 'generated';
  /** The key file, unless the key came from the environment. */
  path?: string;
}

/**
 * The credentials key: `STRATA_SECRET_KEY` when set, otherwise `<dataDir>/secret.key`, created
 * with a fresh random key (mode 0600) on first start. With a shared MongoDB read store every
 * process must use the same key, so there the environment variable is required.
 */
export async function loadSecretKey({ env = process.env, dataDir, warn }: LoadSecretKeyOptions = {}): Promise<LoadedSecretKey> {
  const fromEnv = env['STRATA_SECRET_KEY'];
  if (fromEnv !== undefined && fromEnv !== '') return { key: parseSecretKey(fromEnv, 'STRATA_SECRET_KEY'), source: 'env' };
  if (/^mongodb(\+srv)?:/.test(env['STRATA_READ_STORE'] ?? '')) {
    throw new SecretKeyError('STRATA_SECRET_KEY is required with a MongoDB read store: every process must encrypt with the same key');
  }
  const dir = resolve(dataDir ?? (env['STRATA_DATA_DIR'] || '.strata'));
  const path = join(dir, SECRET_KEY_FILE);
  makeDirectory(dir);
  const generated = SecretKey.generate();
  // Written in full under a temporary name, then hard-linked into place: the link either creates
  // the key file complete or fails because another process already did, so no process ever reads
  // a half-written key, and of processes starting together exactly one key wins.
  const draft = join(dir, `.${SECRET_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
  await writeFile(draft, `${generated.bytes().toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    await link(draft, path);
    return { key: generated, source: 'generated', path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) warn?.(`${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
  return { key: parseSecretKey(await readFile(path, 'utf8'), path), source: 'file', path };
}
