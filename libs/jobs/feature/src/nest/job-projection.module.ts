import { Inject, Injectable, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '@strata/platform-event-store';
import { createLogger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { EVENT_STORE, READ_STORE } from '@strata/platform-runtime';
import { JobProjection } from '../read-model/job-projection';

@Injectable()
export class JobProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly projection: JobProjection;

  constructor(@Inject(EVENT_STORE) events: EventStore, @Inject(READ_STORE) readStore: ReadStore) {
    this.projection = new JobProjection({ events, readStore, logger: createLogger({ name: 'job-projection' }) });
  }

  onApplicationBootstrap(): void {
    this.projection.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projection.stop();
  }
}

/** Projects job events into the job read models for the app's lifetime (needs StorageModule). */
@Module({ providers: [JobProjectionRunner], exports: [JobProjectionRunner] })
export class JobProjectionModule {}
