import { extname, join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { AuditEngineModule, auditEngineSettingsFromEnv } from '@strata/audit-feature';
import type { CredentialResolver } from '@strata/contracts';
import { DiscoveryWorkerThreadModule } from '@strata/discovery-worker';
import { EventFeedRecorderModule, eventFeedRecorderSettingsFromEnv } from '@strata/events-feature';
import { ApiGatewayModule, reportSources } from '@strata/gateway-feature';
import { ReportGeneratorModule, reportStoreFromEnv } from '@strata/reports-feature';
import { InventoryModule } from '@strata/inventory-feature';
import { JobOrchestratorModule, jobOrchestratorSettingsFromEnv, JobProjectionModule } from '@strata/jobs-feature';
import { EventRelayModule } from '@strata/platform-event-relay';
import type { EventStore } from '@strata/platform-event-store';
import { webhookAllowPrivateFromEnv } from '@strata/notify-egress';
import { notificationSettingsFromEnv, NotifierModule, notifierSettingsFromEnv, NotifyOnJobCompletionModule } from '@strata/notify-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { StorageModule } from '@strata/platform-runtime';
import { ScheduleFiringModule, schedulerSettingsFromEnv } from '@strata/scheduler-feature';
import type { SecretKey } from '@strata/tenancy-feature';

export interface StandaloneParts {
  env: NodeJS.ProcessEnv;
  events: EventStore;
  readStore: ReadStore;
  secretKey: SecretKey;
  credentials: CredentialResolver;
}

/**
 * Every service in one process: the API gateway, the job orchestrator, the projector (event
 * relay + job read models + the event feed), a discovery worker for the demo, aws and kubernetes plugins (in a worker
 * thread), inventory, the audit engine, the
 * notifier (webhook deliveries and job-completion notifications), the report generator and the scheduler (which fires
 * schedules through the jobs API's own job creation). They talk
 * over NATS exactly as they do when each runs on its own.
 */
@Module({})
export class StandaloneModule {
  static create({ env, events, readStore, secretKey, credentials }: StandaloneParts): DynamicModule {
    const notificationSettings = notificationSettingsFromEnv(env);
    const allowPrivate = webhookAllowPrivateFromEnv(env);
    const reportStore = reportStoreFromEnv(env);
    return {
      module: StandaloneModule,
      imports: [
        MessagingModule.forRoot({ config: messagingConfigFromEnv(env), name: 'standalone' }),
        StorageModule.forInstances({ events, readStore }),
        ApiGatewayModule.forRoot({ readStore, secretKey, webhookAllowPrivate: allowPrivate, notificationSettings, reportStore }),
        EventRelayModule,
        JobProjectionModule,
        EventFeedRecorderModule.forRoot(eventFeedRecorderSettingsFromEnv(env)),
        JobOrchestratorModule.forRoot(jobOrchestratorSettingsFromEnv(env)),
        // In a thread of its own (discovery-thread.ts), as it is a process of its own when distributed:
        // generating or fetching an estate and encoding its batches would otherwise hold this
        // thread's event loop, HTTP's, for up to a second at a time while a big job runs.
        DiscoveryWorkerThreadModule.forRoot({ entry: join(__dirname, `discovery-thread${extname(__filename)}`), credentialResolver: credentials, env }),
        InventoryModule.forRoot(),
        AuditEngineModule.forRoot(auditEngineSettingsFromEnv(env)),
        NotifyOnJobCompletionModule.forRoot({ readStore, secretKey, settings: notificationSettings, allowPrivate }),
        NotifierModule.forRoot({ secretKey, readStore, ...notifierSettingsFromEnv(env) }),
        ScheduleFiringModule.forRoot(schedulerSettingsFromEnv(env)),
        ReportGeneratorModule.forRoot({ blobStore: reportStore, sources: reportSources }),
      ],
    };
  }
}
