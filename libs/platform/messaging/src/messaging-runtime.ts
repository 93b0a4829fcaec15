import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger, LoopHealth } from '@strata/platform-observability';
import type { ConnectionState } from './connection/connection-state';
import type { MessagingNamespace } from './namespace/messaging-namespace';

/** What every messaging operation works with: one connection, its JetStream views, the namespace. */
export interface MessagingRuntime {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly namespace: MessagingNamespace;
  readonly logger: Logger;
  /** The ack wait of consumers that do not set one (`MessagingConfig.ackWaitMs`). */
  readonly defaultAckWaitMs?: number;
  /** Whether `nc` is up (absent: taken as up). */
  readonly connection?: ConnectionState;
  /** Where a consumer whose pulls keep failing shows as down (absent: this process's). */
  readonly health?: LoopHealth;
}
