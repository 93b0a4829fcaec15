import { Module, type DynamicModule } from '@nestjs/common';
import { EventFeedRecorderModule, eventFeedRecorderSettingsFromEnv } from '@strata/events-feature';
import { DeliveryRecordingModule } from '@strata/notify-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import type { LoopHealth } from '@strata/platform-observability';
import { StorageModule } from '@strata/platform-runtime';

/** What the events thread tells the app's side: new webhook deliveries are recorded (the sender, on the app's side, attempts them now). */
export type FromEventsThread = { type: 'deliveries-recorded' };

/**
 * What the standalone app's events thread runs (events-thread.ts): the consumers of every event
 * (`events.>`), the event feed recorder, as the projector app runs it, and the notifier's delivery
 * recording (the half of `NotifierModule` that needs no secret; the sender, which signs with the
 * webhooks' secrets, stays on the app's side and is woken through `send`). On a NATS connection
 * and a read store connection of the thread's own (the same SQLite file as the app's).
 */
@Module({})
export class EventsThreadModule {
  static create({ env, health, send }: { env: NodeJS.ProcessEnv; health: LoopHealth; send: (message: FromEventsThread) => void }): DynamicModule {
    return {
      module: EventsThreadModule,
      imports: [
        // The app has set up the streams already.
        MessagingModule.forRoot({ config: messagingConfigFromEnv(env), name: 'standalone-events', streams: false, health }),
        StorageModule.forRoot({ eventStore: false }),
        ...eventConsumers(env, () => send({ type: 'deliveries-recorded' })),
      ],
    };
  }
}

/**
 * The consumers of every event: a big job's events (18,000 finding events at the end of the
 * 100k-slot demo job) decoded, checked and recorded, which held the app's event loop, HTTP's,
 * tens of milliseconds at a time when they ran there.
 */
export function eventConsumers(env: NodeJS.ProcessEnv, onDeliveriesRecorded: () => void): DynamicModule[] {
  return [EventFeedRecorderModule.forRoot(eventFeedRecorderSettingsFromEnv(env)), DeliveryRecordingModule.forRoot({ onRecorded: onDeliveriesRecorded })];
}
