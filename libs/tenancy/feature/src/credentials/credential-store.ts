import { Inject, Injectable } from '@nestjs/common';
import type { TenantCollection } from '@strata/platform-read-store';
import { openSecret, sealSecret, type SealedSecret } from '@strata/platform-secrets';
import { credentialsCollection, type CredentialRecord } from '../storage/tenancy-collections';
import { TENANCY_OPTIONS, type TenancyOptions } from '../tenancy-options';

// Binds each ciphertext to its record: copied to another tenant, id or kind, it fails to decrypt.
const sealContext = (tenantId: string, credentialId: string, kind: string): string =>
  `strata:credential:v1\n${tenantId}\n${credentialId}\n${kind}`;

/** Credential records, with the one place that seals and opens their secrets. */
@Injectable()
export class CredentialStore {
  constructor(@Inject(TENANCY_OPTIONS) private readonly options: Pick<TenancyOptions, 'readStore' | 'secretKey'>) {}

  records(tenantId: string): TenantCollection<CredentialRecord> {
    return this.options.readStore.collection(credentialsCollection).forTenant(tenantId);
  }

  seal(tenantId: string, credentialId: string, kind: string, secret: Readonly<Record<string, string>>): SealedSecret {
    return sealSecret(this.options.secretKey, secret, sealContext(tenantId, credentialId, kind));
  }

  open(tenantId: string, record: CredentialRecord): Record<string, string> {
    return openSecret(this.options.secretKey, record.sealed, sealContext(tenantId, record.id, record.kind));
  }
}
