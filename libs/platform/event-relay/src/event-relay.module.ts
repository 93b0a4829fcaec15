import { Inject, Injectable, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '@strata/platform-event-store';
import { MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { EVENT_STORE, READ_STORE } from '@strata/platform-runtime';
import { EventRelay } from './event-relay';

@Injectable()
class EventRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: EventRelay;

  constructor(@Inject(EVENT_STORE) events: EventStore, @Inject(READ_STORE) readStore: ReadStore, @Inject(MessagingClient) messaging: MessagingClient) {
    this.relay = new EventRelay({ events, messaging, checkpoints: readStore.checkpoints, logger: createLogger({ name: 'event-relay' }) });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/** Runs the event relay for the app's lifetime (needs StorageModule and MessagingModule). */
@Module({ providers: [EventRelayLifecycle] })
export class EventRelayModule {}
