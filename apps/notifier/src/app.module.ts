import { Module, type DynamicModule } from '@nestjs/common';
import { notificationSettingsFromEnv, NotifierModule, notifierSettingsFromEnv, NotifyOnJobCompletionModule } from '@strata/notify-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { StorageModule } from '@strata/platform-runtime';
import type { SecretKey } from '@strata/platform-secrets';

/**
 * Tells people and services what happened: webhook deliveries (one per subscribed webhook for each
 * event, signed, retried, logged) and job-end notifications to the tenants' channels (email,
 * Slack, webhook). Scale out freely.
 */
@Module({})
export class AppModule {
  static create({ secretKey, readStore }: { secretKey: SecretKey; readStore: ReadStore }): DynamicModule {
    const settings = notifierSettingsFromEnv();
    return {
      module: AppModule,
      imports: [
        // Creates or updates the streams at start-up.
        MessagingModule.forRoot({ config: messagingConfigFromEnv(), name: 'notifier' }),
        // Webhooks, channels and their deliveries are read models; no event store. Closed at shutdown.
        StorageModule.forInstances({ readStore }),
        NotifierModule.forRoot({ secretKey, readStore, ...settings }),
        NotifyOnJobCompletionModule.forRoot({ readStore, secretKey, settings: notificationSettingsFromEnv(), allowPrivate: settings.allowPrivate }),
      ],
    };
  }
}
