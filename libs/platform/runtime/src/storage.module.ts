import { Inject, Module, Optional, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createEventStore, type EventStore } from '@strata/platform-event-store';
import { createReadStore, readStoreLocationFromEnv, type CreateReadStoreOptions, type ReadStore } from '@strata/platform-read-store';

/** Injection tokens of the two storage ports. */
export const EVENT_STORE = Symbol('EventStore');
export const READ_STORE = Symbol('ReadStore');

export interface StorageModuleOptions {
  /** Provide the event store (`STRATA_EVENT_STORE`); default true. */
  eventStore?: boolean;
  /**
   * Provide the read store (`STRATA_READ_STORE`); default true. Options tune an adapter, e.g.
   * `{ writerThread: true }` for a service that mostly writes to an embedded SQLite file.
   */
  readStore?: boolean | CreateReadStoreOptions;
}

/**
 * Opens the stores a service needs, from the environment, once per app (global), and closes them
 * when the app shuts down. Services depend on the ports, never on an adapter.
 */
@Module({})
export class StorageModule implements OnApplicationShutdown {
  constructor(
    @Optional() @Inject(EVENT_STORE) private readonly events?: EventStore,
    @Optional() @Inject(READ_STORE) private readonly readStore?: ReadStore,
  ) {}

  static forRoot({ eventStore = true, readStore = true }: StorageModuleOptions = {}): DynamicModule {
    const providers = [
      ...(eventStore ? [{ provide: EVENT_STORE, useFactory: () => createEventStore() }] : []),
      ...(readStore ? [{ provide: READ_STORE, useFactory: () => createReadStore(readStoreLocationFromEnv(), readStore === true ? {} : readStore) }] : []),
    ];
    return { module: StorageModule, global: true, providers, exports: providers.map((p) => p.provide) };
  }

  /** Provides stores the caller already opened (e.g. needed before the app is built); closed on shutdown. */
  static forInstances({ events, readStore }: { events?: EventStore; readStore?: ReadStore }): DynamicModule {
    const providers = [
      ...(events ? [{ provide: EVENT_STORE, useValue: events }] : []),
      ...(readStore ? [{ provide: READ_STORE, useValue: readStore }] : []),
    ];
    return { module: StorageModule, global: true, providers, exports: providers.map((p) => p.provide) };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.events?.close(), this.readStore?.close()]);
  }
}
