import { Inject, Injectable } from '@nestjs/common';
import type { CredentialCatalog, CredentialKind, CredentialResolver, CredentialSummary, ResolvedCredential } from '@strata/contracts';
import { DomainError } from '@strata/shared-domain';
import { createCredentialRequestSchema } from './credential.schemas';
import { CredentialsService } from './credentials.service';
import type { ReadStore } from '@strata/platform-read-store';
import type { SecretKey } from '@strata/platform-secrets';
import { CredentialStore } from './credential-store';

export { CREDENTIAL_CATALOG, CREDENTIAL_RESOLVER, type CredentialCatalog, type CredentialSummary } from '@strata/contracts';

/** Resolves credentials for plugin runs, straight from the credential records (no HTTP, no Nest needed). */
export class StoredCredentialResolver implements CredentialResolver {
  constructor(protected readonly store: CredentialStore) {}

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

/** A credential resolver over a read store and key, for processes that run plugins (workers). */
export function credentialResolverFor(options: { readStore: ReadStore; secretKey: SecretKey }): CredentialResolver {
  return new StoredCredentialResolver(new CredentialStore(options));
}

/** The credential ports other contexts use: the worker's {@link CredentialResolver} and the job API's {@link CredentialCatalog}. */
@Injectable()
export class CredentialVault extends StoredCredentialResolver implements CredentialCatalog {
  constructor(
    @Inject(CredentialStore) store: CredentialStore,
    @Inject(CredentialsService) private readonly credentials: CredentialsService,
  ) {
    super(store);
  }

  async createInline(
    tenantId: string,
    { jobId, plugin, kind, secret }: { jobId: string; plugin: string; kind: CredentialKind; secret: Record<string, string> },
  ): Promise<CredentialSummary> {
    const parsed = createCredentialRequestSchema.safeParse({ kind, name: plugin, secret });
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw new DomainError('invalid_inline_credential', `the ${kind} secret given in config is not valid (${fields})`);
    }
    const created = await this.credentials.createForJob(tenantId, jobId, plugin, parsed.data);
    return { id: created.id, kind: created.kind, name: created.name };
  }

  async get(tenantId: string, credentialId: string): Promise<CredentialSummary | undefined> {
    const record = await this.store.records(tenantId).get(credentialId);
    return record && { id: record.id, kind: record.kind as CredentialKind, name: record.name };
  }
}
