import { Module, type DynamicModule } from '@nestjs/common';
import { TENANT_LIMITS, type TenantLimits } from '@strata/contracts';
import { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE, runWithApp } from '@strata/platform-runtime';
import { InventoryService, type InventorySettings } from '../inventory-service';

export interface InventoryModuleOptions extends InventorySettings {
  /** Default: the store `StorageModule` provides (`READ_STORE`). The caller closes it. */
  readStore?: ReadStore;
  /** Default: the client `MessagingModule` provides. */
  messaging?: MessagingClient;
  /** Default: what the app provides under `TENANT_LIMITS` (TenancyModule does), else no node limit. */
  tenantLimits?: TenantLimits;
}

/** Thrown at start-up when neither the options nor the app provide a read store or messaging. */
export class InventoryWiringError extends Error {
  constructor(missing: string) {
    super(`InventoryModule needs ${missing}: pass it in forRoot() or import the module that provides it`);
    this.name = 'InventoryWiringError';
  }
}

/**
 * The inventory service for the app's lifetime: batch ingest and scope reconcile consumers.
 * Needs a read store and a messaging client, from the options or from `StorageModule` and
 * `MessagingModule` (whose start-up also creates the streams); enforces the node limits of
 * `TENANT_LIMITS` when the app provides it. Exports {@link InventoryService}.
 */
@Module({})
export class InventoryModule {
  static forRoot({ readStore, messaging, tenantLimits, ...settings }: InventoryModuleOptions = {}): DynamicModule {
    return {
      module: InventoryModule,
      providers: [
        {
          provide: InventoryService,
          inject: [
            { token: READ_STORE, optional: true },
            { token: MessagingClient, optional: true },
            { token: TENANT_LIMITS, optional: true },
          ],
          useFactory: (appReadStore?: ReadStore, appMessaging?: MessagingClient, appLimits?: TenantLimits) => {
            const store = readStore ?? appReadStore;
            const client = messaging ?? appMessaging;
            const limits = tenantLimits ?? appLimits;
            if (!store) throw new InventoryWiringError('a read store (StorageModule)');
            if (!client) throw new InventoryWiringError('a messaging client (MessagingModule)');
            return new InventoryService({ readStore: store, messaging: client, ...settings, ...(limits ? { tenantLimits: limits } : {}) });
          },
        },
        runWithApp(InventoryService),
      ],
      exports: [InventoryService],
    };
  }
}
