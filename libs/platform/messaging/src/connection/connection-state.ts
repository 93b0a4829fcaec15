import type { NatsConnection } from '@nats-io/nats-core';

/**
 * Whether a connection is up, as its status events tell. The client queues what is sent while it
 * reconnects, so a request made meanwhile waits out its whole timeout unless the server comes
 * back: what must answer a caller promptly (an HTTP request) looks here first.
 */
export class ConnectionState {
  private up = true;

  private constructor() {}

  /** Follows `nc`'s status events until it closes. */
  static of(nc: NatsConnection): ConnectionState {
    const state = new ConnectionState();
    void state.follow(nc);
    return state;
  }

  get connected(): boolean {
    return this.up;
  }

  private async follow(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') this.up = false;
      else if (status.type === 'reconnect') this.up = true;
      else if (status.type === 'close') this.up = false;
    }
  }
}
