import { Inject, Injectable, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '@strata/platform-event-store';
import { MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { EVENT_STORE, READ_STORE } from '@strata/platform-runtime';
import { JobOrchestrator, type JobOrchestratorOptions } from '../orchestrator/job-orchestrator';

const SETTINGS = Symbol('JobOrchestratorSettings');
type Settings = Pick<JobOrchestratorOptions, 'silenceTimeoutMs' | 'sweepIntervalMs'>;

@Injectable()
class JobOrchestratorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly orchestrator: JobOrchestrator;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) readStore: ReadStore,
    @Inject(MessagingClient) messaging: MessagingClient,
    @Inject(SETTINGS) settings: Settings,
  ) {
    this.orchestrator = new JobOrchestrator({ events, readStore, messaging, logger: createLogger({ name: 'job-orchestrator' }), ...settings });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.orchestrator.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.orchestrator.stop();
  }
}

/** The job orchestrator for the app's lifetime (needs StorageModule and MessagingModule). */
@Module({})
export class JobOrchestratorModule {
  static forRoot(settings: Settings = {}): DynamicModule {
    return { module: JobOrchestratorModule, providers: [{ provide: SETTINGS, useValue: settings }, JobOrchestratorLifecycle] };
  }
}
