/**
 * A tenant's license limits, as the services that enforce them read them. Implemented by the
 * tenancy context (which stores them); injected under {@link TENANT_LIMITS}.
 */
export interface TenantLimits {
  /** The most active nodes the tenant may hold; undefined means no limit. */
  maxNodes(tenantId: string): Promise<number | undefined>;
}

export const TENANT_LIMITS = Symbol.for('strata:TenantLimits');
