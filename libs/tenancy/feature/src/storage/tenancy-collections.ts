import { defineCollection } from '@strata/platform-read-store';
import type { SealedSecret } from '@strata/platform-secrets';

// The tenant record is published with the limits read from it (`@strata/tenancy-limits`).
export { PLATFORM_SCOPE, tenantsCollection, type TenantRecord } from '@strata/tenancy-limits';

export interface ApiTokenRecord {
  id: string;
  /** Null for a platform-wide token. */
  tenant_id: string | null;
  name: string;
  permissions: string[];
  /** sha256 of the token, hex. The token itself is never stored. */
  hash: string;
  created_at: string;
  revoked_at: string | null;
  /** Made by `ensureBootstrapToken`. */
  bootstrap: boolean;
}

/** In the token's tenant scope, or {@link PLATFORM_SCOPE} for platform-wide tokens. */
export const apiTokensCollection = defineCollection<ApiTokenRecord>({
  name: 'tenancy_api_tokens',
  indexes: { created_at: 'string', bootstrap: 'boolean', hash: 'string' },
});

/** Where the token with a given hash lives; keyed by the hash, in {@link PLATFORM_SCOPE}. */
export interface TokenHashRecord {
  scope: string;
  token_id: string;
}

export const tokenHashesCollection = defineCollection<TokenHashRecord>({ name: 'tenancy_token_hashes', indexes: {} });

export interface CredentialRecord {
  id: string;
  kind: string;
  name: string;
  /** Names of the secret's fields, so listing needs no decryption. */
  secret_fields: string[];
  sealed: SealedSecret;
  created_at: string;
  /** The job whose config gave the secret inline: the credential is deleted when that job ends. */
  job_id?: string;
}

/**
 * In the credential's tenant scope. `job_id` finds a finished job's inline credentials; most
 * credentials have none, so its index holds only those that do.
 */
export const credentialsCollection = defineCollection<CredentialRecord>({
  name: 'tenancy_credentials',
  indexes: { created_at: 'string', kind: 'string', job_id: 'string' },
  ownIndexes: { job_id: 'sparse' },
});
