import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createSafeDispatcher } from '@strata/notify-egress';
import type { RedeliveryBackoff } from '@strata/platform-messaging';
import type { Logger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import type { SecretKey } from '@strata/platform-secrets';
import { ChannelsController } from './manage-channels/channels.controller';
import { ChannelsService } from './manage-channels/channels.service';
import { NOTIFICATIONS_OPTIONS, type NotificationsOptions } from './notification-model/notification-options';
import type { NotificationSettings } from './notification-model/notification-settings';
import { PolicyController } from './notification-policy/policy.controller';
import { PolicyService } from './notification-policy/policy.service';
import { jobCompletionConsumer } from './notify-on-job-completion/job-completion.consumer';
import { JobCompletionNotifier } from './notify-on-job-completion/job-completion-notifier';
import { ChannelSender } from './send-notification/channel-sender';
import { TestChannelController } from './test-channel/test-channel.controller';
import { TestChannelService } from './test-channel/test-channel.service';

export interface NotificationsModuleOptions {
  readStore: ReadStore;
  /** From `loadSecretKey()`: the key credentials are sealed with. */
  secretKey: SecretKey;
  /** From `notificationSettingsFromEnv()`: SMTP, the sender, the public URL of links. */
  settings: NotificationSettings;
  /** `webhookAllowPrivateFromEnv()` (`STRATA_WEBHOOK_ALLOW_PRIVATE`): Slack and webhook channels may point at private networks. */
  allowPrivate?: boolean;
  clock?: () => Date;
  /** One send to one channel (SMTP timeouts, HTTP with redirects); default 10 s. */
  sendTimeoutMs?: number;
}

/** Deliveries of one job end before a channel still failing is given up; with the backoff below, about 30 minutes. */
export const NOTIFY_MAX_DELIVER = 10;
export const NOTIFY_REDELIVERY_BACKOFF: RedeliveryBackoff = { initialDelayMs: 5_000, multiplier: 2, maxDelayMs: 10 * 60_000, jitter: 0.2 };

export interface NotifyOnJobCompletionModuleOptions extends NotificationsModuleOptions {
  maxDeliver?: number;
  backoff?: Partial<RedeliveryBackoff>;
  logger?: Logger;
}

const optionsProvider = ({ readStore, secretKey, settings, allowPrivate = false, clock = () => new Date(), sendTimeoutMs = 10_000 }: NotificationsModuleOptions) => ({
  provide: NOTIFICATIONS_OPTIONS,
  useFactory: (): NotificationsOptions => ({ readStore, secretKey, settings, allowPrivate, clock, sendTimeoutMs, dispatcher: createSafeDispatcher({ allowPrivate, connectTimeoutMs: 5_000 }) }),
});

const senderProvider = {
  provide: ChannelSender,
  inject: [NOTIFICATIONS_OPTIONS],
  useFactory: (options: NotificationsOptions) => new ChannelSender({ settings: options.settings, dispatcher: options.dispatcher, timeoutMs: options.sendTimeoutMs }),
};

/** Closes the module's dispatcher and SMTP transport when the app stops. */
@Injectable()
class NotificationsCloser implements OnApplicationShutdown {
  constructor(
    @Inject(NOTIFICATIONS_OPTIONS) private readonly options: NotificationsOptions,
    @Inject(ChannelSender) private readonly sender: ChannelSender,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.sender.close();
    await this.options.dispatcher.close();
  }
}

/**
 * The notifications API under `/api/v1/tenants/{tenantID}/notifications` (`notifications:read`,
 * `notifications:write`): channels (CRUD, secrets sealed), the channel test, the policy. The API
 * gateway composes it.
 */
@Module({})
export class NotificationsApiModule {
  static forRoot(options: NotificationsModuleOptions): DynamicModule {
    return {
      module: NotificationsApiModule,
      controllers: [ChannelsController, TestChannelController, PolicyController],
      providers: [optionsProvider(options), senderProvider, NotificationsCloser, ChannelsService, TestChannelService, PolicyService],
      exports: [ChannelsService, PolicyService],
    };
  }
}

/**
 * Sends a notification to a tenant's enabled channels when one of its jobs ends, as its policy
 * says: two durable JetStream consumers (`notify-job-completed`, `notify-job-failed`) the app's
 * NATS transport serves. The notifier app and the standalone app import it.
 */
@Module({})
export class NotifyOnJobCompletionModule {
  static forRoot({ maxDeliver = NOTIFY_MAX_DELIVER, backoff, logger, ...options }: NotifyOnJobCompletionModuleOptions): DynamicModule {
    return {
      module: NotifyOnJobCompletionModule,
      controllers: [jobCompletionConsumer({ maxDeliver, backoff: { ...NOTIFY_REDELIVERY_BACKOFF, ...backoff } })],
      providers: [
        optionsProvider(options),
        senderProvider,
        NotificationsCloser,
        {
          provide: JobCompletionNotifier,
          inject: [NOTIFICATIONS_OPTIONS, ChannelSender],
          useFactory: (resolved: NotificationsOptions, sender: ChannelSender) => new JobCompletionNotifier({ ...resolved, sender, maxDeliver, ...(logger ? { logger } : {}) }),
        },
      ],
      exports: [JobCompletionNotifier],
    };
  }
}
