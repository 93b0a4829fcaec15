import { Module, type DynamicModule } from '@nestjs/common';
import { CREDENTIAL_CATALOG, JOB_CREATOR, type CredentialCatalog, type JobCreator } from '@strata/contracts';
import type { EventStore } from '@strata/platform-event-store';
import { createLogger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { EVENT_STORE, READ_STORE, runWithApp } from '@strata/platform-runtime';
import { ScheduleCommandHandler } from '../schedule-store/schedule-command-handler';
import { FireDueSchedulesHandler } from './fire-due-schedules.handler';
import { ScheduleFiringLoop } from './schedule-firing.loop';
import type { SchedulerSettings } from './scheduler-settings';

/**
 * The scheduler service: the firing loop from the app's bootstrap to its shutdown (before the
 * stores close). The app provides EVENT_STORE and READ_STORE (the stores the schedules API
 * writes), JOB_CREATOR (the jobs context's `JobCreationModule`) and CREDENTIAL_CATALOG (tenancy),
 * and MessagingModule for the job creation's request to the orchestrator.
 */
@Module({})
export class ScheduleFiringModule {
  static forRoot(settings: SchedulerSettings = {}): DynamicModule {
    return {
      module: ScheduleFiringModule,
      providers: [
        {
          provide: ScheduleFiringLoop,
          inject: [EVENT_STORE, READ_STORE, JOB_CREATOR, CREDENTIAL_CATALOG],
          useFactory: (events: EventStore, readStore: ReadStore, jobs: JobCreator, credentials: CredentialCatalog) => {
            const logger = createLogger({ name: 'scheduler' });
            const handler = new FireDueSchedulesHandler({
              commands: new ScheduleCommandHandler(events, readStore),
              readStore,
              jobs,
              credentials,
              logger,
              ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
            });
            return new ScheduleFiringLoop(handler, { logger, ...(settings.pollIntervalMs === undefined ? {} : { pollIntervalMs: settings.pollIntervalMs }) });
          },
        },
        runWithApp(ScheduleFiringLoop),
      ],
      exports: [ScheduleFiringLoop],
    };
  }
}
