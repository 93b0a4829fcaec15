import { defineCollection } from '@strata/platform-read-store';

/**
 * Store scope of platform-wide records (the tenant list, platform tokens, the token hash index).
 * Tenant slugs cannot start with "_", so it never collides with a tenant.
 */
export const PLATFORM_SCOPE = '_platform';

export interface TenantRecord {
  id: string;
  name: string;
  created_at: string;
  /** License limit on active nodes; null or absent (records older than the setting): none. */
  max_nodes?: number | null;
}

/** In {@link PLATFORM_SCOPE}, keyed by slug. */
export const tenantsCollection = defineCollection<TenantRecord>({ name: 'tenancy_tenants', indexes: { created_at: 'string' } });
