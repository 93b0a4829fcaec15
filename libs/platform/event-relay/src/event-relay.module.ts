import { Module } from '@nestjs/common';
import type { EventStore } from '@strata/platform-event-store';
import { MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { EVENT_STORE, READ_STORE, runWithApp } from '@strata/platform-runtime';
import { EventRelay } from './event-relay';

/** Runs the event relay for the app's lifetime (needs StorageModule and MessagingModule). */
@Module({
  providers: [
    {
      provide: EventRelay,
      inject: [EVENT_STORE, READ_STORE, MessagingClient],
      useFactory: (events: EventStore, readStore: ReadStore, messaging: MessagingClient) =>
        new EventRelay({ events, messaging, checkpoints: readStore.checkpoints, logger: createLogger({ name: 'event-relay' }) }),
    },
    runWithApp(EventRelay),
  ],
})
export class EventRelayModule {}
