import type { ReadStore } from '@strata/platform-read-store';
import type { SecretKey } from '@strata/platform-secrets';

/** What TenancyModule runs on. */
export interface TenancyOptions {
  /** Tenants, tokens and credentials are documents of this store. */
  readStore: ReadStore;
  /** Encrypts credential secrets; from `loadSecretKey()`. */
  secretKey: SecretKey;
  /** Time of creation stamps (tests pass a fixed clock). */
  clock: () => Date;
}

export const TENANCY_OPTIONS = Symbol.for('strata:TenancyOptions');
