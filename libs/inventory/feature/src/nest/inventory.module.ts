import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE } from '@strata/platform-runtime';
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

@Injectable()
class InventoryLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(InventoryService) private readonly service: InventoryService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.service.start();
  }

  // Before the messaging client and the stores close (their modules do that on shutdown), so
  // running handlers finish and acknowledge.
  async beforeApplicationShutdown(): Promise<void> {
    await this.service.stop();
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
        InventoryLifecycle,
      ],
      exports: [InventoryService],
    };
  }
}
