import { jetstreamManager } from '@nats-io/jetstream';
import type { ConnectionOptions, NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { createLogger, type Logger, type LoopHealth } from '@strata/platform-observability';
import type { MessagingConfig } from './config/messaging-config';
import { ConnectionState } from './connection/connection-state';
import { consumerBacklog, type ConsumerBacklog } from './consumer/consumer-backlog';
import { DurableConsumer, type DurableConsumerOptions } from './consumer/durable-consumer';
import type { MessagingRuntime } from './messaging-runtime';
import { MessagingNamespace } from './namespace/messaging-namespace';
import { publishToStream, type PublishAck, type PublishOptions } from './publishing/publish';
import { sendRequest, type RequestOptions } from './request-reply/request';
import { serveRequests, type RequestHandler, type Responder, type ServeOptions } from './request-reply/serve';
import { followSubject, type FollowedMessage, type FollowOptions } from './replay/follow-subject';
import { ensureStreams, type StreamSetupOptions, type StreamSetupResult } from './streams/ensure-streams';
import type { StreamKey } from '@strata/contracts';

export interface ConnectMessagingOptions {
  /** Connection name shown by the server's monitoring (e.g. the service name). */
  name?: string;
  /** Default: a `messaging` logger from `@strata/platform-observability`. */
  logger?: Logger;
  /** Passed to the NATS client as is (authentication, TLS, reconnect tuning). */
  connection?: Partial<ConnectionOptions>;
  /** Where consumers whose pulls keep failing show as down (default: this process's). */
  health?: LoopHealth;
}

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Connects to NATS and returns the client every messaging operation goes through. The connection
 * reconnects forever; `close()` stops what the client started and drains the connection.
 */
export async function connectMessaging(config: MessagingConfig, options: ConnectMessagingOptions = {}): Promise<MessagingClient> {
  const namespace = MessagingNamespace.of(config.namespace);
  const nc = await connect({
    servers: config.servers,
    maxReconnectAttempts: -1,
    ...(options.name ? { name: options.name } : {}),
    ...options.connection,
  });
  try {
    const jsm = await jetstreamManager(nc);
    const logger = options.logger ?? createLogger({ name: 'messaging' });
    return new MessagingClient({
      nc,
      jsm,
      js: jsm.jetstream(),
      namespace,
      logger,
      connection: ConnectionState.of(nc, logger),
      ...(options.health ? { health: options.health } : {}),
      ...(config.ackWaitMs !== undefined ? { defaultAckWaitMs: config.ackWaitMs } : {}),
    });
  } catch (error) {
    await nc.close();
    throw error;
  }
}

/** Publish, request/reply, durable consumers and stream setup, all within one namespace. */
export class MessagingClient {
  private readonly running = new Set<Stoppable>();
  private closing: Promise<void> | undefined;

  /** @internal Use {@link connectMessaging}. */
  constructor(private readonly runtime: MessagingRuntime) {}

  get namespace(): MessagingNamespace {
    return this.runtime.namespace;
  }

  /** Whether the connection to NATS is up right now (when it is not, it reconnects by itself). */
  get connected(): boolean {
    return !this.runtime.nc.isClosed() && this.runtime.connection?.connected !== false;
  }

  /** The underlying connection, for health checks and what this API does not cover. */
  get connection(): NatsConnection {
    return this.runtime.nc;
  }

  /** Creates or updates the streams (idempotent; every service may run it at start-up). */
  async ensureStreams(options?: StreamSetupOptions): Promise<StreamSetupResult[]> {
    const results = await ensureStreams(this.runtime.jsm, this.runtime.namespace, options);
    for (const { stream, outcome, reason } of results) {
      if (outcome === 'recreated') this.runtime.logger.info({ stream }, 'stream recreated with its new retention policy');
      if (outcome === 'kept') this.runtime.logger.warn({ stream, reason }, 'stream kept with its old retention policy for now');
    }
    return results;
  }

  /** Stores `payload` (as JSON) in the stream that captures `subject`. */
  publish(subject: string, payload: unknown, options: PublishOptions): Promise<PublishAck> {
    return publishToStream(this.runtime, subject, payload, options);
  }

  /** Core NATS request/reply with a JSON body; see {@link RequestOptions}. */
  request<TResponse = unknown>(subject: string, payload: unknown, options?: RequestOptions<TResponse>): Promise<TResponse> {
    return sendRequest(this.runtime, subject, payload, options);
  }

  /** Answers requests on `subject` until the returned responder (or this client) is stopped. */
  serve<TRequest = unknown, TResponse = unknown>(
    subject: string,
    handler: RequestHandler<TRequest, TResponse>,
    options?: ServeOptions<TRequest>,
  ): Responder {
    const responder = serveRequests(this.runtime, subject, handler, options);
    return this.remember(responder);
  }

  /** Creates (or updates) a durable pull consumer and starts handling its messages. */
  async consume<T = unknown>(options: DurableConsumerOptions<T>): Promise<DurableConsumer<T>> {
    const { defaultAckWaitMs } = this.runtime;
    const withDefaults = options.ackWaitMs === undefined && defaultAckWaitMs !== undefined ? { ...options, ackWaitMs: defaultAckWaitMs } : options;
    return this.remember(await DurableConsumer.start(this.runtime, withDefaults));
  }

  /** What waits for the durable consumer `durable` of `stream`; undefined when nothing ever created it. */
  backlog(stream: StreamKey, durable: string): Promise<ConsumerBacklog | undefined> {
    return consumerBacklog(this.runtime.jsm, this.runtime.namespace.streamName(stream), durable);
  }

  /** Replays what `stream` holds on `subject`, then follows it live; see {@link FollowOptions}. */
  follow<T = unknown>(stream: StreamKey, subject: string, options?: FollowOptions): AsyncGenerator<FollowedMessage<T>> {
    return followSubject<T>(this.runtime, stream, subject, options);
  }

  /** Stops the responders and consumers started here (letting running handlers finish), then drains. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.running].map((running) => running.stop()));
      if (!this.runtime.nc.isClosed()) await this.runtime.nc.drain();
    })();
    return this.closing;
  }

  // Stopping is idempotent, so what was already stopped by its owner is simply stopped again.
  private remember<T extends Stoppable>(running: T): T {
    this.running.add(running);
    return running;
  }
}
