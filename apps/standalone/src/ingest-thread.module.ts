import { Module, type DynamicModule } from '@nestjs/common';
import { AuditEngineModule, auditEngineSettingsFromEnv } from '@strata/audit-feature';
import { InventoryModule } from '@strata/inventory-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import type { LoopHealth } from '@strata/platform-observability';
import { StorageModule } from '@strata/platform-runtime';
import { TenantLimitsModule } from '@strata/tenancy-limits';

/**
 * What the standalone app's ingest thread runs (ingest-thread.ts): inventory and the audit
 * engine, as the inventory and audit-engine apps run them when distributed, on a NATS connection
 * and a read store connection of the thread's own (the same SQLite file as the app's, WAL, busy
 * timeout, as the distributed apps share it).
 */
@Module({})
export class IngestThreadModule {
  static create({ env, health }: { env: NodeJS.ProcessEnv; health: LoopHealth }): DynamicModule {
    return {
      module: IngestThreadModule,
      imports: [
        // The app has set up the streams already.
        MessagingModule.forRoot({ config: messagingConfigFromEnv(env), name: 'standalone-ingest', streams: false, health }),
        // As the inventory app's: its writes (most of its work) in a thread of their own, beside
        // batch planning, and the counts (a job's statistics, the graph summary, an audit's scope:
        // index walks over up to every node) in another, so batches go on being planned meanwhile.
        StorageModule.forRoot({ eventStore: false, readStore: { writerThread: true, readerThread: true } }),
        // Each tenant's max_nodes, read from the tenancy records in the same read store.
        TenantLimitsModule.forRoot(),
        InventoryModule.forRoot(),
        AuditEngineModule.forRoot(auditEngineSettingsFromEnv(env)),
      ],
    };
  }
}
