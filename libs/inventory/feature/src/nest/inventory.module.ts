import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE, runWithApp } from '@strata/platform-runtime';
import { InventoryService, type InventorySettings } from '../inventory-service';

export interface InventoryModuleOptions extends InventorySettings {
  /** Default: the store `StorageModule` provides (`READ_STORE`). The caller closes it. */
  readStore?: ReadStore;
  /** Default: the client `MessagingModule` provides. */
  messaging?: MessagingClient;
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
 * `MessagingModule` (whose start-up also creates the streams). Exports {@link InventoryService}.
 */
@Module({})
export class InventoryModule {
  static forRoot({ readStore, messaging, ...settings }: InventoryModuleOptions = {}): DynamicModule {
    return {
      module: InventoryModule,
      providers: [
        {
          provide: InventoryService,
          inject: [
            { token: READ_STORE, optional: true },
            { token: MessagingClient, optional: true },
          ],
          useFactory: (appReadStore?: ReadStore, appMessaging?: MessagingClient) => {
            const store = readStore ?? appReadStore;
            const client = messaging ?? appMessaging;
            if (!store) throw new InventoryWiringError('a read store (StorageModule)');
            if (!client) throw new InventoryWiringError('a messaging client (MessagingModule)');
            return new InventoryService({ readStore: store, messaging: client, ...settings });
          },
        },
        runWithApp(InventoryService),
      ],
      exports: [InventoryService],
    };
  }
}
