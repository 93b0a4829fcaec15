import { Module, type DynamicModule } from '@nestjs/common';
import { TENANT_LIMITS, type TenantLimits } from '@strata/contracts';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE } from '@strata/platform-runtime';
import { PLATFORM_SCOPE, tenantsCollection } from './tenant-record';

/**
 * The tenants' license limits as stored on the tenant (`max_nodes`, set with
 * `PATCH /api/v1/tenants/{tenantID}`). Read on every call, so a change applies to the next
 * batch; an unknown tenant has no limit (inventory enforces limits, it does not vet tenants).
 */
export class StoredTenantLimits implements TenantLimits {
  constructor(private readonly readStore: ReadStore) {}

  async maxNodes(tenantId: string): Promise<number | undefined> {
    const tenant = await this.readStore.collection(tenantsCollection).forTenant(PLATFORM_SCOPE).get(tenantId);
    return tenant?.max_nodes ?? undefined;
  }
}

/**
 * Provides {@link TENANT_LIMITS} (globally) to an app that enforces limits without serving the
 * tenancy API, e.g. the inventory app of the distributed topology. `TenancyModule` provides it
 * too. Reads the tenants from `readStore`, or from the app's `READ_STORE`.
 */
@Module({})
export class TenantLimitsModule {
  static forRoot({ readStore }: { readStore?: ReadStore } = {}): DynamicModule {
    return {
      module: TenantLimitsModule,
      global: true,
      providers: [
        {
          provide: TENANT_LIMITS,
          inject: [{ token: READ_STORE, optional: true }],
          useFactory: (appReadStore?: ReadStore): TenantLimits => {
            const store = readStore ?? appReadStore;
            if (!store) throw new Error('TenantLimitsModule needs a read store: pass it in forRoot() or import StorageModule');
            return new StoredTenantLimits(store);
          },
        },
      ],
      exports: [TENANT_LIMITS],
    };
  }
}
