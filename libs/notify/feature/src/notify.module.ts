import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createSafeDispatcher } from '@strata/notify-egress';
import type { ReadStore } from '@strata/platform-read-store';
import type { SecretKey } from '@strata/platform-secrets';
import { NOTIFY_OPTIONS, type NotifyOptions } from './notify-options';
import { DeliveryLogController } from './delivery-log/delivery-log.controller';
import { DeliveryLogService } from './delivery-log/delivery-log.service';
import { WebhooksController } from './manage-webhooks/webhooks.controller';
import { WebhooksService } from './manage-webhooks/webhooks.service';

export interface NotifyModuleOptions {
  readStore: ReadStore;
  /** From `loadSecretKey()`: the key credentials are sealed with. */
  secretKey: SecretKey;
  /**
   * Lets webhooks point at loopback, RFC 1918, CGNAT and IPv6 unique-local addresses. The app reads
   * it with `webhookAllowPrivateFromEnv()` (`STRATA_WEBHOOK_ALLOW_PRIVATE`); default false.
   */
  allowPrivate?: boolean;
  clock?: () => Date;
  /** The test delivery's timeout, redirects included; default 10 s. */
  testTimeoutMs?: number;
}

/** Closes the one dispatcher of the module when the app stops. */
@Injectable()
class DispatcherCloser implements OnApplicationShutdown {
  constructor(@Inject(NOTIFY_OPTIONS) private readonly options: NotifyOptions) {}

  async onApplicationShutdown(): Promise<void> {
    await this.options.dispatcher.close();
  }
}

@Module({})
export class NotifyModule {
  /**
   * The webhooks API under `/api/v1/tenants/{tenantID}/webhooks` (`webhooks:read`, `webhooks:write`):
   * CRUD with sealed secrets and a signed test delivery through one SSRF-safe dispatcher; each
   * webhook's delivery log and redelivery (`.../deliveries`). The notifier sends (`NotifierModule`).
   */
  static forRoot({ readStore, secretKey, allowPrivate = false, clock = () => new Date(), testTimeoutMs = 10_000 }: NotifyModuleOptions): DynamicModule {
    return {
      module: NotifyModule,
      controllers: [WebhooksController, DeliveryLogController],
      providers: [
        {
          provide: NOTIFY_OPTIONS,
          useFactory: (): NotifyOptions => ({ readStore, secretKey, allowPrivate, clock, testTimeoutMs, dispatcher: createSafeDispatcher({ allowPrivate, connectTimeoutMs: 5_000 }) }),
        },
        DispatcherCloser,
        WebhooksService,
        DeliveryLogService,
      ],
      exports: [WebhooksService],
    };
  }
}
