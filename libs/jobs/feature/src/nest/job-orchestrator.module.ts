import { Module, type DynamicModule } from '@nestjs/common';
import type { EventStore } from '@strata/platform-event-store';
import { MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { EVENT_STORE, READ_STORE, runWithApp } from '@strata/platform-runtime';
import { JobOrchestrator, type JobOrchestratorOptions } from '../orchestrator/job-orchestrator';

type Settings = Pick<JobOrchestratorOptions, 'silenceTimeoutMs' | 'queueNoticeMs' | 'sweepIntervalMs'>;

/** The job orchestrator for the app's lifetime (needs StorageModule and MessagingModule). */
@Module({})
export class JobOrchestratorModule {
  static forRoot(settings: Settings = {}): DynamicModule {
    return {
      module: JobOrchestratorModule,
      providers: [
        {
          provide: JobOrchestrator,
          inject: [EVENT_STORE, READ_STORE, MessagingClient],
          useFactory: (events: EventStore, readStore: ReadStore, messaging: MessagingClient) =>
            new JobOrchestrator({ events, readStore, messaging, logger: createLogger({ name: 'job-orchestrator' }), ...settings }),
        },
        runWithApp(JobOrchestrator),
      ],
      exports: [JobOrchestrator],
    };
  }
}
