import { Module, type DynamicModule } from '@nestjs/common';
import { ApiGatewayModule } from '@strata/gateway-feature';
import { webhookAllowPrivateFromEnv } from '@strata/notify-egress';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { StorageModule } from '@strata/platform-runtime';
import type { SecretKey } from '@strata/tenancy-feature';

@Module({})
export class AppModule {
  static create({ readStore, secretKey }: { readStore: ReadStore; secretKey: SecretKey }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({ config: messagingConfigFromEnv(), name: 'api-gateway' }),
        StorageModule.forInstances({ readStore }),
        ApiGatewayModule.forRoot({ readStore, secretKey, webhookAllowPrivate: webhookAllowPrivateFromEnv(process.env) }),
      ],
    };
  }
}
