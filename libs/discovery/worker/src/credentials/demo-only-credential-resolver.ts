import type { CredentialResolver, ResolvedCredential } from '@strata/contracts';

/**
 * Resolves every credential id as a `demo` credential with no secret, for running the demo
 * plugin without the tenancy store. It knows no real credentials: a provider plugin given one
 * fails its run with `invalid_credential`. Only for demos and tests; real workers take the
 * tenancy context's resolver.
 */
export class DemoOnlyCredentialResolver implements CredentialResolver {
  async resolve(tenantId: string, credentialId: string): Promise<ResolvedCredential> {
    return { id: credentialId, tenantId, kind: 'demo', secret: {} };
  }
}
