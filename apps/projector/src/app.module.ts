import { Module } from '@nestjs/common';
import { JobProjectionModule } from '@strata/jobs-feature';
import { EventRelayModule } from '@strata/platform-event-relay';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import { StorageModule } from '@strata/platform-runtime';

/** Relays stored events to NATS and projects them into read models. Run one per installation. */
@Module({
  imports: [
    MessagingModule.forRoot({ config: messagingConfigFromEnv(), name: 'projector' }),
    StorageModule.forRoot(),
    EventRelayModule,
    JobProjectionModule,
  ],
})
export class AppModule {}
