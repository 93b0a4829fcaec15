import { Module } from '@nestjs/common';
import { EventFeedRecorderModule, eventFeedRecorderSettingsFromEnv } from '@strata/events-feature';
import { JobProjectionModule } from '@strata/jobs-feature';
import { EventRelayModule } from '@strata/platform-event-relay';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import { StorageModule } from '@strata/platform-runtime';

/** Relays stored events to NATS, projects them into read models and records the event feed. Run one per installation. */
@Module({
  imports: [
    MessagingModule.forRoot({ config: messagingConfigFromEnv(), name: 'projector' }),
    StorageModule.forRoot(),
    EventRelayModule,
    JobProjectionModule,
    EventFeedRecorderModule.forRoot(eventFeedRecorderSettingsFromEnv()),
  ],
})
export class AppModule {}
