import { Module, type DynamicModule } from '@nestjs/common';
import { AuditEngineModule, auditEngineSettingsFromEnv } from '@strata/audit-feature';
import { EventFeedRecorderModule, eventFeedRecorderSettingsFromEnv } from '@strata/events-feature';
import { InventoryModule } from '@strata/inventory-feature';
import { DeliveryRecordingModule } from '@strata/notify-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import type { LoopHealth } from '@strata/platform-observability';
import { StorageModule } from '@strata/platform-runtime';
import { TenantLimitsModule } from '@strata/tenancy-limits';

/** What the ingest thread tells the app's side: new webhook deliveries are recorded (the sender, on the app's side, attempts them now). */
export type FromIngestThread = { type: 'deliveries-recorded' };

/**
 * What the standalone app's ingest thread runs (ingest-thread.ts): inventory and the audit
 * engine, as the inventory and audit-engine apps run them when distributed, and the consumers of
 * every event (`events.>`): the event feed recorder, as the projector app runs it, and the
 * notifier's delivery recording (the half of `NotifierModule` that needs no secret; the sender,
 * which signs with the webhooks' secrets, stays on the app's side and is woken through `send`).
 * On a NATS connection and a read store connection of the thread's own (the same SQLite file as
 * the app's, WAL, busy timeout, as the distributed apps share it).
 */
@Module({})
export class IngestThreadModule {
  static create({ env, health, send }: { env: NodeJS.ProcessEnv; health: LoopHealth; send: (message: FromIngestThread) => void }): DynamicModule {
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
        ...eventConsumers(env, () => send({ type: 'deliveries-recorded' })),
      ],
    };
  }
}

/**
 * The consumers of every event: a big job's events (18,000 finding events at the end of the
 * 100k-slot demo job) decoded, checked and recorded, which held the app's event loop, HTTP's,
 * tens of milliseconds at a time when they ran there.
 */
export function eventConsumers(env: NodeJS.ProcessEnv, onDeliveriesRecorded: () => void): DynamicModule[] {
  return [EventFeedRecorderModule.forRoot(eventFeedRecorderSettingsFromEnv(env)), DeliveryRecordingModule.forRoot({ onRecorded: onDeliveriesRecorded })];
}
