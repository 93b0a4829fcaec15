import { Module, type DynamicModule } from '@nestjs/common';
import { eventFeedRetentionDaysFrom } from '@strata/events-domain';
import { createLogger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE, runWithApp } from '@strata/platform-runtime';
import { EventFeedPruner } from '../prune-feed/event-feed-pruner';
import { EventRecorder } from '../record-event/event-recorder';
import { RecordEventConsumer } from '../record-event/record-event.consumer';

export interface EventFeedRecorderSettings {
  /** Whole days events stay in the feed (default 30; `STRATA_EVENT_FEED_RETENTION_DAYS`). */
  retentionDays?: number;
  /** Between two retention sweeps (default an hour). */
  pruneIntervalMs?: number;
}

/** The recorder's settings from the environment: `STRATA_EVENT_FEED_RETENTION_DAYS` (a bad value stops the start). */
export function eventFeedRecorderSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): EventFeedRecorderSettings {
  return { retentionDays: eventFeedRetentionDaysFrom(env['STRATA_EVENT_FEED_RETENTION_DAYS']) };
}

/**
 * Records every event on `events.>` into its tenant's feed (a durable consumer the app's NATS
 * transport serves) and prunes what is past retention (a supervised loop that runs with the
 * app). Needs MessagingModule and the read store under READ_STORE. One per installation: the
 * projector app, or the standalone app.
 */
@Module({})
export class EventFeedRecorderModule {
  static forRoot(settings: EventFeedRecorderSettings = {}): DynamicModule {
    return {
      module: EventFeedRecorderModule,
      controllers: [RecordEventConsumer],
      providers: [
        { provide: EventRecorder, inject: [READ_STORE], useFactory: (readStore: ReadStore) => new EventRecorder({ readStore }) },
        {
          provide: EventFeedPruner,
          inject: [READ_STORE],
          useFactory: (readStore: ReadStore) =>
            new EventFeedPruner({
              readStore,
              logger: createLogger({ name: 'event-feed' }),
              ...(settings.retentionDays !== undefined ? { retentionDays: settings.retentionDays } : {}),
              ...(settings.pruneIntervalMs !== undefined ? { intervalMs: settings.pruneIntervalMs } : {}),
            }),
        },
        runWithApp(EventFeedPruner),
      ],
      exports: [EventRecorder, EventFeedPruner],
    };
  }

  /** The consumer of a recorder built elsewhere (an int spec's), for a NATS transport to serve. */
  static forInstance(recorder: EventRecorder): DynamicModule {
    return { module: EventFeedRecorderModule, controllers: [RecordEventConsumer], providers: [{ provide: EventRecorder, useValue: recorder }] };
  }
}
