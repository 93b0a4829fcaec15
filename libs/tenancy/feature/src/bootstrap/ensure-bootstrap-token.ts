import { Permissions } from '@strata/platform-http';
import type { ReadStore } from '@strata/platform-read-store';
import { ApiTokenStore } from '../tokens/api-token-store';
import { generateApiToken } from '../tokens/token-secret';

/** STRATA_BOOTSTRAP_TOKEN cannot be used as a bearer token. The message never contains it. */
export class BootstrapTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface EnsureBootstrapTokenOptions {
  readStore: ReadStore;
  env?: NodeJS.ProcessEnv;
  /** Told what happened, never the token. */
  log?: (message: string) => void;
  clock?: () => Date;
}

export type BootstrapOutcome =
  /** STRATA_BOOTSTRAP_TOKEN was stored as a platform-admin token just now. */
  | { status: 'registered-from-env'; tokenId: string }
  /** A platform-admin token was generated: `print` it once (stdout, not the logs); it is never shown again. */
  | { status: 'generated'; tokenId: string; token: string; print: string }
  /** Nothing to do: done on an earlier start. */
  | { status: 'already-bootstrapped' };

// Printable ASCII without spaces: what an `Authorization: Bearer` header can carry.
const USABLE_TOKEN = /^[\x21-\x7e]{16,512}$/;

const BOOTSTRAP_TOKEN_NAME = 'bootstrap';

/**
 * Makes sure automation can start from nothing. With STRATA_BOOTSTRAP_TOKEN set, that value
 * becomes a platform-admin token, once (revoking it is final, even if the variable stays set).
 * Without it, the first start generates one and returns it to print; later starts do nothing.
 */
export async function ensureBootstrapToken({
  readStore,
  env = process.env,
  log = () => undefined,
  clock = () => new Date(),
}: EnsureBootstrapTokenOptions): Promise<BootstrapOutcome> {
  // The store is used without Nest: bootstrapping happens before (or without) an HTTP app.
  const store = new ApiTokenStore({ readStore, clock });
  const fromEnv = env['STRATA_BOOTSTRAP_TOKEN'];
  const spec = { tenantId: null, name: BOOTSTRAP_TOKEN_NAME, permissions: [Permissions.platformAdmin], bootstrap: true };
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!USABLE_TOKEN.test(fromEnv)) {
      throw new BootstrapTokenError(
        `STRATA_BOOTSTRAP_TOKEN must be 16 to 512 printable ASCII characters without spaces (got ${fromEnv.length} characters)`,
      );
    }
    if (await store.platformTokenEverExisted(fromEnv)) return { status: 'already-bootstrapped' };
    const record = await store.insert(fromEnv, spec);
    log(`platform-admin token ${record.id} registered from STRATA_BOOTSTRAP_TOKEN`);
    return { status: 'registered-from-env', tokenId: record.id };
  }
  if (await store.bootstrapped()) return { status: 'already-bootstrapped' };
  const token = generateApiToken();
  const record = await store.insert(token, spec);
  log(`platform-admin token ${record.id} generated; it is printed once on this start`);
  const print = [
    '',
    'Strata: a platform-admin API token was created. It is shown this once; store it now:',
    '',
    `    ${token}`,
    '',
    'Use it as "Authorization: Bearer <token>". Set STRATA_BOOTSTRAP_TOKEN to choose the value instead.',
    '',
  ].join('\n');
  return { status: 'generated', tokenId: record.id, token, print };
}
