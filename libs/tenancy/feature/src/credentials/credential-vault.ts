import { Inject, Injectable } from '@nestjs/common';
import type { CredentialKind, CredentialResolver, ResolvedCredential } from '@strata/contracts';
import { CredentialStore } from './credential-store';

/** What the job API needs to know about a credential: that it exists, and for which provider. */
export interface CredentialSummary {
  id: string;
  kind: CredentialKind;
  name: string;
}

/** Looks credentials up without decrypting them (the job API checks `credential_id` with it). */
export interface CredentialCatalog {
  get(tenantId: string, credentialId: string): Promise<CredentialSummary | undefined>;
}

/** DI tokens under which TenancyModule provides the two credential ports. */
export const CREDENTIAL_RESOLVER = Symbol.for('strata:CredentialResolver');
export const CREDENTIAL_CATALOG = Symbol.for('strata:CredentialCatalog');

/** The credential ports other contexts use: the worker's {@link CredentialResolver} and the job API's {@link CredentialCatalog}. */
@Injectable()
export class CredentialVault implements CredentialResolver, CredentialCatalog {
  constructor(@Inject(CredentialStore) private readonly store: CredentialStore) {}

  async get(tenantId: string, credentialId: string): Promise<CredentialSummary | undefined> {
    const record = await this.store.records(tenantId).get(credentialId);
    return record && { id: record.id, kind: record.kind as CredentialKind, name: record.name };
  }

  /**
   * The decrypted secret, for one plugin run. Throws `SecretKeyMismatchError` when the configured
   * key is not the one it was sealed with, `SecretDecryptionError` when the ciphertext was altered.
   */
  async resolve(tenantId: string, credentialId: string): Promise<ResolvedCredential | undefined> {
    const record = await this.store.records(tenantId).get(credentialId);
    if (!record) return undefined;
    return { id: record.id, tenantId, kind: record.kind as CredentialKind, secret: Object.freeze(this.store.open(tenantId, record)) };
  }
}
