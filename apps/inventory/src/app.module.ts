import { Module } from '@nestjs/common';
import { InventoryModule } from '@strata/inventory-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import { StorageModule } from '@strata/platform-runtime';
import { TenantLimitsModule } from '@strata/tenancy-limits';

/** Ingests resource batches into the graph and reconciles each job's scopes. Scale out freely. */
@Module({
  imports: [
    // Creates or updates the streams at start-up.
    MessagingModule.forRoot({ config: messagingConfigFromEnv(), name: 'inventory' }),
    // The read models only (STRATA_READ_STORE / STRATA_DATA_DIR): inventory keeps no events. On
    // SQLite its writes (most of its work) run in a thread of their own, beside batch planning,
    // and its counts (a job's statistics, the graph summary: index walks over up to every node
    // and edge) in another, so batches go on being planned meanwhile.
    StorageModule.forRoot({ eventStore: false, readStore: { writerThread: true, readerThread: true } }),
    // Each tenant's max_nodes, read from the tenancy records in the same read store.
    TenantLimitsModule.forRoot(),
    InventoryModule.forRoot(),
  ],
})
export class AppModule {}
