import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { Logger } from '@strata/platform-observability';
import { lastValueFrom } from 'rxjs';
import type { MessagingConfig } from '../config/messaging-config';
import type { ConsumedMessage } from '../consumer/durable-consumer';
import { HandlerFailedError, isPoisonMessageError, MessagingConfigError, MessagingError, PoisonMessageError } from '../errors';
import { connectMessaging, type MessagingClient } from '../messaging-client';
import type { IncomingRequest } from '../request-reply/serve';
import type { StreamSetupOptions } from '../streams/ensure-streams';
import { jetStreamConsumerOptions } from './jetstream-consumer.decorator';
import { NatsMessageContext } from './nats-message-context';

export type NatsTransportOptions = (
  | {
      /**
       * A connected client shared with the rest of the app; the transport leaves it open on close.
       * A function is called when the transport starts listening (the app's own client, once the
       * app has made it).
       */
      client: MessagingClient | (() => MessagingClient);
    }
  | {
      /** Connect a client of the transport's own (closed with the transport). */
      config: MessagingConfig;
      name?: string;
      logger?: Logger;
    }
) & {
  /** Stream setup before the consumers start (default: all streams, default settings); `false` skips it. */
  streams?: StreamSetupOptions | false;
  /** Queue group for `@MessagePattern` handlers (default `strata`). */
  queue?: string;
};

/**
 * NestJS transport over NATS: `@MessagePattern('subject')` methods answer core NATS requests,
 * `@JetStreamConsumer({...})` methods run as durable JetStream consumers. Subjects are written as
 * the contracts name them; the client's namespace is applied underneath.
 */
export class NatsTransportStrategy extends Server implements CustomTransportStrategy {
  private client: MessagingClient | undefined;
  private readonly started: { stop(): Promise<void> }[] = [];
  private readonly closingController = new AbortController();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: NatsTransportOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /**
   * Stops every consumer and responder from taking more messages, tells the running handlers
   * (their context's closing signal), and waits for them to finish and settle. Called again, it
   * waits for the same close: Nest calls it once more as the app closes.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const stopped = this.started.splice(0).map((running) => running.stop());
      this.closingController.abort();
      await Promise.all(stopped);
      if (this.client && !('client' in this.options)) await this.client.close();
      this.client = undefined;
    })();
    return this.closing;
  }

  /** The NATS connection. */
  unwrap<T>(): T {
    if (!this.client) throw new MessagingError('the NATS transport is not listening');
    return this.client.connection as T;
  }

  on(): never {
    throw new MessagingError('the NATS transport emits no events; watch unwrap<NatsConnection>().status() instead');
  }

  private async start(): Promise<void> {
    const { options } = this;
    const client =
      'client' in options
        ? typeof options.client === 'function'
          ? options.client()
          : options.client
        : await connectMessaging(options.config, { name: options.name, logger: options.logger });
    this.client = client;
    if (options.streams !== false) await client.ensureStreams(options.streams);

    for (const [pattern, handler] of this.messageHandlers) {
      if (this.closing) return; // closed while starting
      if (!handler.isEventHandler) {
        if (pattern.startsWith('{')) throw new MessagingConfigError(`@MessagePattern(${pattern}): use a subject string`);
        const queue = options.queue;
        this.started.push(client.serve(pattern, (request) => this.answer(handler, request), queue ? { queue } : {}));
        continue;
      }
      const consumer = jetStreamConsumerOptions(handler.extras);
      if (!consumer) throw new MessagingConfigError(`@EventPattern('${pattern}'): declare JetStream handlers with @JetStreamConsumer`);
      if (handler.next) throw new MessagingConfigError(`durable ${consumer.durable} on ${consumer.stream} has more than one handler`);
      const started = await client.consume({ ...consumer, handler: (message) => this.handle(handler, message) });
      this.started.push(started);
      if (this.closing) await started.stop(); // closed while this one was starting
    }
  }

  private async answer(handler: MessageHandler, request: IncomingRequest<unknown>): Promise<unknown> {
    const context = new NatsMessageContext([{ subject: request.subject, headers: request.headers }]);
    return this.runNestHandler(handler, request.data, context);
  }

  private async handle(handler: MessageHandler, message: ConsumedMessage<unknown>): Promise<void> {
    const { data, ...details } = message;
    await this.runNestHandler(handler, data, new NatsMessageContext([{ ...details, closing: this.closingController.signal }]));
  }

  private async runNestHandler(handler: MessageHandler, data: unknown, context: NatsMessageContext): Promise<unknown> {
    try {
      return await lastValueFrom(this.transformToObservable(await handler(data, context)), { defaultValue: undefined });
    } catch (thrown) {
      throw asError(thrown);
    }
  }
}

/** Nest's exception layer rethrows `{ status, message }` objects; turn them back into errors. */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const message =
    typeof thrown === 'object' && thrown !== null && typeof (thrown as { message?: unknown }).message === 'string'
      ? (thrown as { message: string }).message
      : String(thrown);
  return isPoisonMessageError(thrown) ? new PoisonMessageError(message) : new HandlerFailedError(message);
}
