import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createSafeDispatcher, type EgressPolicy, type SafeDispatcher } from '@strata/notify-egress';
import { MessagingClient } from '@strata/platform-messaging';
import type { LoopHealth, Logger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE, runWithApp } from '@strata/platform-runtime';
import type { SecretKey } from '@strata/platform-secrets';
import { DeliveryWakeup } from './deliveries/delivery-wakeup';
import { DEFAULT_DELIVERY_SETTINGS, type NotifierSettings } from './notifier-settings';
import { RecordDeliveriesConsumer } from './record-deliveries/record-deliveries.consumer';
import { DeliveryRecorder } from './record-deliveries/delivery-recorder';
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
  /** A webhook failing this long is disabled; default 24 h. */
  disableAfterMs?: number;
  clock?: () => Date;
  random?: () => number;
  health?: LoopHealth;
  logger?: Logger;
}

/** Thrown at start-up when neither the options nor the app provide a read store or messaging. */
export class NotifierWiringError extends Error {
  constructor(missing: string) {
    super(`NotifierModule needs ${missing}: pass it in forRoot() or import the module that provides it`);
    this.name = 'NotifierWiringError';
  }
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
 * pending delivery per subscribed webhook, and the sender loop (from bootstrap to shutdown)
 * making the attempts through one SSRF-safe dispatcher. Delivery state lives in the read store,
 * so a restarted notifier carries on where the last one stopped.
 */
@Module({})
export class NotifierModule {
  static forRoot(options: NotifierModuleOptions): DynamicModule {
    const delivery = { ...DEFAULT_DELIVERY_SETTINGS, ...options.delivery };
    const clock = options.clock ?? (() => new Date());
    return {
      module: NotifierModule,
      controllers: [RecordDeliveriesConsumer],
      providers: [
        { provide: DeliveryWakeup, useValue: new DeliveryWakeup() },
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
          provide: DeliveryRecorder,
          inject: [DeliveryWakeup, { token: READ_STORE, optional: true }],
          useFactory: (wakeup: DeliveryWakeup, appReadStore?: ReadStore) => new DeliveryRecorder({ readStore: required(options.readStore ?? appReadStore, 'a read store (StorageModule)'), clock, wakeup }),
        },
        {
          provide: DeliverySender,
          inject: [DeliveryWakeup, NOTIFIER_DISPATCHER, { token: READ_STORE, optional: true }, { token: MessagingClient, optional: true }],
          useFactory: (wakeup: DeliveryWakeup, dispatcher: SafeDispatcher, appReadStore?: ReadStore, appMessaging?: MessagingClient) => {
            const readStore = required(options.readStore ?? appReadStore, 'a read store (StorageModule)');
            const messaging = required(options.messaging ?? appMessaging, 'a messaging client (MessagingModule)');
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
      exports: [DeliverySender, DeliveryRecorder],
    };
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new NotifierWiringError(what);
  return value;
}
