/** Credential kinds: one per provider plugin, plus `demo`. */
export const CREDENTIAL_KINDS = ['aws', 'kubernetes', 'github', 'azure', 'gcp', 'm365', 'agent', 'demo'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** A credential with its secret fields decrypted: only ever in memory, only for one plugin run. */
export interface ResolvedCredential {
  id: string;
  tenantId: string;
  kind: CredentialKind;
  secret: Readonly<Record<string, string>>;
}

/**
 * How a discovery worker gets the secret for a run. Implemented by the tenancy context, which
 * owns credentials; injected where a worker is composed.
 */
export interface CredentialResolver {
  /** Undefined when the tenant has no such credential (deleted since the job was created). */
  resolve(tenantId: string, credentialId: string): Promise<ResolvedCredential | undefined>;
}

/** What the job API needs to know about a credential: that it exists, and for which provider. */
export interface CredentialSummary {
  id: string;
  kind: CredentialKind;
  name: string;
}

/**
 * Credentials as the job API sees them, without their secrets. Implemented by the tenancy
 * context; injected under {@link CREDENTIAL_CATALOG}.
 */
export interface CredentialCatalog {
  get(tenantId: string, credentialId: string): Promise<CredentialSummary | undefined>;
  /**
   * Stores secrets a job gave inline in its config (the seed's base64 kubeconfig) as a credential
   * of their own, so the job itself never holds them. The credential belongs to the job: the same
   * job and plugin again (an Idempotency-Key retry) get the same one, and it is deleted once the
   * job has ended. Throws a DomainError when they do not make a valid credential of that kind.
   */
  createInline(tenantId: string, input: { jobId: string; plugin: string; kind: CredentialKind; secret: Record<string, string> }): Promise<CredentialSummary>;
}

/** Where the tenancy context provides the two credential ports in a Nest app. */
export const CREDENTIAL_RESOLVER = Symbol.for('strata:CredentialResolver');
export const CREDENTIAL_CATALOG = Symbol.for('strata:CredentialCatalog');
