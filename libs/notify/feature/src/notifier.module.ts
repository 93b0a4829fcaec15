import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createSafeDispatcher, type EgressPolicy, type SafeDispatcher } from '@strata/notify-egress';
import { MessagingClient } from '@strata/platform-messaging';
import type { LoopHealth, Logger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE, runWithApp } from '@strata/platform-runtime';
import type { SecretKey } from '@strata/platform-secrets';
import { DeliveryWakeup } from './deliveries/delivery-wakeup';
import { DEFAULT_DELIVERY_SETTINGS, type NotifierSettings } from './notifier-settings';
import { DeliveryRecordingModule } from './delivery-recording.module';
import { required } from './notifier-wiring-error';
import { DeliveryLeases } from './send-deliveries/delivery-leases';
import { DeliverySender } from './send-deliveries/delivery-sender';
import { RETRY_WINDOW_MS } from './send-deliveries/retry-policy';
import { WebhookDisabler } from './send-deliveries/webhook-disabler';

export interface NotifierModuleOptions extends Partial<NotifierSettings> {
  /** Opens the webhooks' secrets: the key the API sealed them with (`loadSecretKey()`). */
  secretKey: SecretKey;
  /** Default: the store `StorageModule` provides (`READ_STORE`). */
  readStore?: ReadStore;
  /** Default: the client `MessagingModule` provides. */
  messaging?: MessagingClient;
  /** Replaces the address rule (tests allow exactly their receivers). */
  isAllowed?: EgressPolicy['isAllowed'];
  /**
   * Whether this app records the deliveries too (`DeliveryRecordingModule`, the consumer of
   * `events.>`); default true. False when another thread of the process records them: it then
   * wakes this sender through `wakeup`.
   */
  recordDeliveries?: boolean;
  /** What wakes the sender early (default: one of its own, told by the recorder in the same app). */
  wakeup?: DeliveryWakeup;
  /** A webhook failing this long is disabled; default 24 h. */
  disableAfterMs?: number;
  clock?: () => Date;
  random?: () => number;
  health?: LoopHealth;
  logger?: Logger;
}

const NOTIFIER_DISPATCHER = Symbol.for('strata:NotifierDispatcher');

@Injectable()
class NotifierDispatcherCloser implements OnApplicationShutdown {
  constructor(@Inject(NOTIFIER_DISPATCHER) private readonly dispatcher: SafeDispatcher) {}

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }
}

/**
 * The notifier's webhook delivery: a durable consumer of every event (`events.>`) recording a
 * pending delivery per subscribed webhook (`DeliveryRecordingModule`, unless `recordDeliveries`
 * is false), and the sender loop (from bootstrap to shutdown) signing the bodies with the
 * webhooks' secrets and making the attempts through one SSRF-safe dispatcher. Delivery state
 * lives in the read store, so a restarted notifier carries on where the last one stopped.
 */
@Module({})
export class NotifierModule {
  static forRoot(options: NotifierModuleOptions): DynamicModule {
    const delivery = { ...DEFAULT_DELIVERY_SETTINGS, ...options.delivery };
    const clock = options.clock ?? (() => new Date());
    const wakeup = options.wakeup ?? new DeliveryWakeup();
    const recording = options.recordDeliveries === false ? [] : [DeliveryRecordingModule.forRoot({ ...(options.readStore ? { readStore: options.readStore } : {}), clock, onRecorded: () => wakeup.notify() })];
    return {
      module: NotifierModule,
      imports: recording,
      providers: [
        {
          provide: NOTIFIER_DISPATCHER,
          useFactory: () =>
            createSafeDispatcher({
              allowPrivate: options.allowPrivate ?? false,
              ...(options.isAllowed ? { isAllowed: options.isAllowed } : {}),
              connectTimeoutMs: Math.min(delivery.timeoutMs, 5_000),
              // Receivers are few and called often: keep their connections warm between attempts.
              keepAliveTimeoutMs: 30_000,
            }),
        },
        NotifierDispatcherCloser,
        {
          provide: DeliverySender,
          inject: [NOTIFIER_DISPATCHER, { token: READ_STORE, optional: true }, { token: MessagingClient, optional: true }],
          useFactory: (dispatcher: SafeDispatcher, appReadStore?: ReadStore, appMessaging?: MessagingClient) => {
            const readStore = required(options.readStore ?? appReadStore, 'NotifierModule', 'a read store (StorageModule)');
            const messaging = required(options.messaging ?? appMessaging, 'NotifierModule', 'a messaging client (MessagingModule)');
            return new DeliverySender({
              readStore,
              secretKey: options.secretKey,
              dispatcher,
              // An attempt's lease outlives the attempt, so no other replica takes it while it runs.
              leases: new DeliveryLeases(messaging, delivery.timeoutMs + 30_000),
              disabler: new WebhookDisabler({ readStore, messaging, disableAfterMs: options.disableAfterMs ?? RETRY_WINDOW_MS }),
              wakeup,
              settings: delivery,
              clock,
              random: options.random ?? Math.random,
              ...(options.health ? { health: options.health } : {}),
              ...(options.logger ? { logger: options.logger } : {}),
            });
          },
        },
        runWithApp(DeliverySender),
      ],
      exports: [DeliverySender, ...recording],
    };
  }
}
