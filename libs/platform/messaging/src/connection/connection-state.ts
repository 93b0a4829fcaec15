import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from '@strata/platform-observability';

/**
 * Whether a connection is up, as its status events tell, logged when it changes (once each way,
 * not at every reconnect attempt). The client queues what is sent while it reconnects, so a
 * request made meanwhile waits out its whole timeout unless the server comes back: what must
 * answer a caller promptly (an HTTP request) looks here first.
 */
export class ConnectionState {
  private up = true;
  private lostAt = 0;

  private constructor(private readonly logger: Logger) {}

  /** Follows `nc`'s status events until it closes. */
  static of(nc: NatsConnection, logger: Logger): ConnectionState {
    const state = new ConnectionState(logger);
    void state.follow(nc);
    return state;
  }

  get connected(): boolean {
    return this.up;
  }

  private async follow(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' && this.up) {
        this.up = false;
        this.lostAt = Date.now();
        this.logger.warn({ server: status.server }, 'lost the connection to NATS; reconnecting');
      } else if (status.type === 'reconnect' && !this.up) {
        this.up = true;
        this.logger.info({ server: status.server, downMs: Date.now() - this.lostAt }, 'reconnected to NATS');
      } else if (status.type === 'close') {
        this.up = false;
      }
    }
  }
}
