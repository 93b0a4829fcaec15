import { Inject, Injectable } from '@nestjs/common';
import { KubeconfigError, kubeconfigContexts, readKubeconfig, refusedUserField } from '@strata/contracts';
import { DomainError } from '@strata/shared-domain';
import { CredentialStore } from '../credentials/credential-store';
import { TenantsService } from '../tenants/tenants.service';
import type { CredentialContextsView } from './credential-contexts.schemas';

/**
 * Seed 001's `k8s/contexts` for a stored credential: the contexts of its kubeconfig, names only.
 * The secret is opened in memory to read them and nothing of it is returned or logged.
 */
@Injectable()
export class CredentialContextsService {
  constructor(
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(CredentialStore) private readonly store: CredentialStore,
  ) {}

  async list(tenantId: string, credentialId: string): Promise<CredentialContextsView> {
    await this.tenants.require(tenantId);
    const record = await this.store.records(tenantId).get(credentialId);
    if (!record) throw new DomainError('credential_not_found', `tenant ${tenantId} has no credential ${credentialId}`);
    if (record.kind !== 'kubernetes') {
      throw new DomainError('not_a_kubernetes_credential', `credential ${credentialId} is of kind ${record.kind}: only a kubernetes credential has contexts`);
    }
    const secret = this.store.open(tenantId, record);
    const kubeconfig = secret['kubeconfig'];
    if (kubeconfig === undefined) {
      throw new DomainError('not_a_kubeconfig_credential', `credential ${credentialId} holds server + token, not a kubeconfig: it has no contexts`);
    }
    let document;
    try {
      document = readKubeconfig(kubeconfig);
    } catch (error) {
      // Stored kubeconfigs were checked on the way in; one that no longer reads says so, without its text.
      throw new DomainError('invalid_kubeconfig', error instanceof KubeconfigError ? error.message : 'The kubeconfig could not be read');
    }
    const current = secret['context'] ?? document.currentContext ?? null;
    return {
      credential_id: record.id,
      items: kubeconfigContexts(document).map((context) => {
        const refused = refusedUserField(document, context.user);
        return { ...context, current: context.name === current, supported: refused === undefined, unsupported_reason: refused ? `its user uses ${refused.why}` : null };
      }),
      current_context: current,
    };
  }
}
