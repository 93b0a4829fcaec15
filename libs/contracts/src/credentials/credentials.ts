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
