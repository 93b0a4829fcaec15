import { extname, join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { AuditEngineModule, auditEngineSettingsFromEnv } from '@strata/audit-feature';
import type { CredentialResolver } from '@strata/contracts';
import { DiscoveryWorkerThread } from '@strata/discovery-worker';
import { eventFeedRecorderSettingsFromEnv } from '@strata/events-feature';
import { ApiGatewayModule, reportSources } from '@strata/gateway-feature';
import { ReportGeneratorModule, reportStoreFromEnv } from '@strata/reports-feature';
import { InventoryModule } from '@strata/inventory-feature';
import { JobOrchestratorModule, jobOrchestratorSettingsFromEnv, JobProjectionModule } from '@strata/jobs-feature';
import { EventRelayModule } from '@strata/platform-event-relay';
import type { EventStore } from '@strata/platform-event-store';
import { webhookAllowPrivateFromEnv } from '@strata/notify-egress';
import { DeliveryWakeup, notificationSettingsFromEnv, NotifierModule, notifierSettingsFromEnv, NotifyOnJobCompletionModule } from '@strata/notify-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import type { LoopHealth } from '@strata/platform-observability';
import { readStoreLocationFromEnv, type ReadStore } from '@strata/platform-read-store';
import { ServiceThread, ServiceThreadModule, StorageModule } from '@strata/platform-runtime';
import { ScheduleFiringModule, schedulerSettingsFromEnv } from '@strata/scheduler-feature';
import type { SecretKey } from '@strata/tenancy-feature';
import { eventConsumers, type FromEventsThread } from './events-thread.module';

export interface StandaloneParts {
  env: NodeJS.ProcessEnv;
  events: EventStore;
  readStore: ReadStore;
  secretKey: SecretKey;
  credentials: CredentialResolver;
}

/**
 * Every service in one process: the API gateway, the job orchestrator, the projector (event
 * relay + job read models + the event feed), a discovery worker for the demo, aws and kubernetes
 * plugins (in a worker thread), inventory and the audit engine (in another), the event feed
 * recorder and the notifier's delivery recording (the consumers of every event, in a third), the notifier
 * (webhook deliveries and job-completion notifications), the report generator and the scheduler
 * (which fires schedules through the jobs API's own job creation). They talk over NATS exactly as
 * they do when each runs on its own.
 */
@Module({})
export class StandaloneModule {
  static create({ env, events, readStore, secretKey, credentials }: StandaloneParts): DynamicModule {
    const notificationSettings = notificationSettingsFromEnv(env);
    const allowPrivate = webhookAllowPrivateFromEnv(env);
    const reportStore = reportStoreFromEnv(env);
    // The sender's wake-up, told by the delivery recording wherever it runs (eventsModule).
    const deliveryWakeup = new DeliveryWakeup();
    return {
      module: StandaloneModule,
      imports: [
        MessagingModule.forRoot({ config: messagingConfigFromEnv(env), name: 'standalone' }),
        StorageModule.forInstances({ events, readStore }),
        ApiGatewayModule.forRoot({ readStore, secretKey, webhookAllowPrivate: allowPrivate, notificationSettings, reportStore }),
        EventRelayModule,
        JobProjectionModule,
        JobOrchestratorModule.forRoot(jobOrchestratorSettingsFromEnv(env)),
        // In a thread of its own (discovery-thread.ts), as it is a process of its own when distributed:
        // generating or fetching an estate and encoding its batches would otherwise hold this
        // thread's event loop, HTTP's, for up to a second at a time while a big job runs.
        ServiceThreadModule.forRoot(new DiscoveryWorkerThread({ entry: join(__dirname, `discovery-thread${extname(__filename)}`), credentialResolver: credentials, env })),
        ingestModule(env),
        eventsModule(env, deliveryWakeup),
        NotifyOnJobCompletionModule.forRoot({ readStore, secretKey, settings: notificationSettings, allowPrivate }),
        // The sender only: it signs with the webhooks' secrets, which stay on this thread; the
        // deliveries are recorded in the events thread (eventsModule), which wakes it.
        NotifierModule.forRoot({ secretKey, readStore, ...notifierSettingsFromEnv(env), recordDeliveries: false, wakeup: deliveryWakeup }),
        ScheduleFiringModule.forRoot(schedulerSettingsFromEnv(env)),
        ReportGeneratorModule.forRoot({ blobStore: reportStore, sources: reportSources }),
      ],
    };
  }
}

/** The name under which `GET /status` shows the ingest thread while it is down (ended unasked, restarting). */
export const INGEST_THREAD_LOOP = 'ingest-thread';

/**
 * The ingest thread's young generation (MiB). Its garbage (decoded batches, planned writes) is
 * short-lived: capped, the demo job's peak RSS was 1202–1281 MiB against 1343–1400 MiB at V8's
 * default, at the same nodes/s (tools/bench/README.md).
 */
const INGEST_THREAD_YOUNG_GENERATION_MIB = 16;

/** The events thread's young generation (MiB): its garbage is decoded events, short-lived. */
const EVENTS_THREAD_YOUNG_GENERATION_MIB = 16;

/**
 * Inventory and the audit engine, in a thread of their own (ingest-thread.ts), as they are
 * processes of their own when distributed: a big job's ingest (decoding 1 MiB batches, planning
 * them, their garbage) and its whole-estate audit (seconds at 100k nodes) would otherwise hold
 * this thread's event loop, HTTP's, tens of milliseconds at a time. The thread opens the read
 * store itself (the same file), so a store only this process can see (`sqlite::memory:`) keeps
 * them here: a thread cannot share it.
 */
function ingestModule(env: NodeJS.ProcessEnv): DynamicModule {
  // Read here too, so a setting the thread could not use fails the app's start, not the thread's over and over.
  const auditSettings = auditEngineSettingsFromEnv(env);
  if (isInMemoryStore(env)) return { module: InProcessIngestModule, imports: [InventoryModule.forRoot(), AuditEngineModule.forRoot(auditSettings)] };
  return ServiceThreadModule.forRoot(ingestThread(env));
}

/** The ingest thread (ingest-thread.ts), its loops shown in `health` (default: this process's, for `GET /status`). */
export function ingestThread(env: NodeJS.ProcessEnv, health?: LoopHealth): ServiceThread {
  const entry = join(__dirname, `ingest-thread${extname(__filename)}`);
  return new ServiceThread({ name: INGEST_THREAD_LOOP, entry, env, maxYoungGenerationSizeMb: INGEST_THREAD_YOUNG_GENERATION_MIB, ...(health ? { health } : {}) });
}

/**
 * The consumers of every event (the event feed recorder, the notifier's delivery recording), in a
 * thread of their own (events-thread.ts), as they run in the projector and notifier apps when
 * distributed: a big job's events (18,000 findings, each decoded, checked and recorded twice)
 * would otherwise hold this thread's event loop, HTTP's, tens of milliseconds at a time; in the
 * ingest thread they slowed the audit that publishes them. `sqlite::memory:` keeps them here.
 */
function eventsModule(env: NodeJS.ProcessEnv, deliveryWakeup: DeliveryWakeup): DynamicModule {
  // Read here too, so a setting the thread could not use fails the app's start.
  eventFeedRecorderSettingsFromEnv(env);
  const wake = () => deliveryWakeup.notify();
  if (isInMemoryStore(env)) return { module: InProcessEventsModule, imports: eventConsumers(env, wake) };
  return ServiceThreadModule.forRoot(eventsThread(env, { onDeliveriesRecorded: wake }));
}

/** The name under which `GET /status` shows the events thread while it is down. */
export const EVENTS_THREAD_LOOP = 'events-thread';

/**
 * The events thread (events-thread.ts): its loops shown in `health` (default: this process's, for
 * `GET /status`), `onDeliveriesRecorded` told when it has recorded webhook deliveries.
 */
export function eventsThread(env: NodeJS.ProcessEnv, { health, onDeliveriesRecorded }: { health?: LoopHealth; onDeliveriesRecorded?: () => void } = {}): ServiceThread<never, FromEventsThread> {
  const entry = join(__dirname, `events-thread${extname(__filename)}`);
  return new ServiceThread<never, FromEventsThread>({
    name: EVENTS_THREAD_LOOP,
    entry,
    env,
    maxYoungGenerationSizeMb: EVENTS_THREAD_YOUNG_GENERATION_MIB,
    ...(health ? { health } : {}),
    onMessage: (message) => {
      if (message.type === 'deliveries-recorded') onDeliveriesRecorded?.();
    },
  });
}

function isInMemoryStore(env: NodeJS.ProcessEnv): boolean {
  const store = readStoreLocationFromEnv(env);
  return store.kind === 'sqlite' && store.path === ':memory:';
}

@Module({})
class InProcessIngestModule {}

@Module({})
class InProcessEventsModule {}
