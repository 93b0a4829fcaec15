import { Module } from '@nestjs/common';
import type { EventStore } from '@strata/platform-event-store';
import { createLogger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { EVENT_STORE, READ_STORE, runWithApp } from '@strata/platform-runtime';
import { JobProjection } from '../read-model/job-projection';

/** Projects job events into the job read models for the app's lifetime (needs StorageModule). */
@Module({
  providers: [
    {
      provide: JobProjection,
      inject: [EVENT_STORE, READ_STORE],
      useFactory: (events: EventStore, readStore: ReadStore) => new JobProjection({ events, readStore, logger: createLogger({ name: 'job-projection' }) }),
    },
    runWithApp(JobProjection),
  ],
  exports: [JobProjection],
})
export class JobProjectionModule {}
