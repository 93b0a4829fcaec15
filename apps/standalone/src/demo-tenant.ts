import type { INestApplicationContext } from '@nestjs/common';
import { CredentialsService, TenantsService } from '@strata/tenancy-feature';

export const DEMO_TENANT = 'demo';
export const DEMO_CREDENTIAL = 'cred-demo';

/**
 * A `demo` tenant with a `demo` credential, so the first thing a new user runs (the curl the
 * start-up prints) works without any setup. Created once; `STRATA_DEMO_TENANT=false` skips it.
 */
export async function ensureDemoTenant(app: INestApplicationContext): Promise<boolean> {
  const tenants = app.get(TenantsService, { strict: false });
  const credentials = app.get(CredentialsService, { strict: false });
  const created = await tenants.create({ id: DEMO_TENANT, name: 'Demo' }).then(
    () => true,
    (error: { code?: string }) => {
      if (error.code === 'tenant_exists') return false;
      throw error;
    },
  );
  await credentials.create(DEMO_TENANT, { id: DEMO_CREDENTIAL, kind: 'demo', name: 'Synthetic demo estate', secret: {} }).catch((error: { code?: string }) => {
    if (error.code !== 'credential_exists') throw error;
  });
  return created;
}
