import { Module, type DynamicModule } from '@nestjs/common';
import { NotifierModule, notifierSettingsFromEnv } from '@strata/notify-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import { StorageModule } from '@strata/platform-runtime';
import type { SecretKey } from '@strata/platform-secrets';

/** Sends the webhooks: records a delivery per subscribed webhook for each event, and makes the attempts. Scale out freely. */
@Module({})
export class AppModule {
  static create(secretKey: SecretKey): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Creates or updates the streams at start-up.
        MessagingModule.forRoot({ config: messagingConfigFromEnv(), name: 'notifier' }),
        // The webhooks and their deliveries are read models; no event store.
        StorageModule.forRoot({ eventStore: false }),
        NotifierModule.forRoot({ secretKey, ...notifierSettingsFromEnv() }),
      ],
    };
  }
}
