import { Module, type DynamicModule } from '@nestjs/common';
import { ApiGatewayModule } from '@strata/gateway-feature';
import type { EventStore } from '@strata/platform-event-store';
import { webhookAllowPrivateFromEnv } from '@strata/notify-egress';
import { notificationSettingsFromEnv } from '@strata/notify-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { StorageModule } from '@strata/platform-runtime';
import type { SecretKey } from '@strata/tenancy-feature';

@Module({})
export class AppModule {
  static create({ events, readStore, secretKey }: { events: EventStore; readStore: ReadStore; secretKey: SecretKey }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({ config: messagingConfigFromEnv(), name: 'api-gateway' }),
        // The event store holds the schedules' streams, which the schedules API writes.
        StorageModule.forInstances({ events, readStore }),
        ApiGatewayModule.forRoot({ readStore, secretKey, webhookAllowPrivate: webhookAllowPrivateFromEnv(process.env), notificationSettings: notificationSettingsFromEnv(process.env) }),
      ],
    };
  }
}
