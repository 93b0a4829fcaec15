import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { SpanKind } from '@opentelemetry/api';
import type { StreamKey } from '@strata/contracts';
import { processLoopHealth, takeTurn } from '@strata/platform-observability';
import { decodeJson, type PayloadSchema } from '../codec/json-codec';
import { fromMsgHdrs } from '../codec/message-headers';
import { MessagingConfigError } from '../errors';
import type { MessagingRuntime } from '../messaging-runtime';
import { inMessagingSpan, type MessagingSpan } from '../tracing/messaging-spans';
import { extractTraceContext } from '../tracing/trace-context';
import { ensureDurableConsumer } from './consumer-setup';
import { DEFAULT_REDELIVERY_BACKOFF, workingHeartbeatIntervalMs, type RedeliveryBackoff } from './delivery-timing';
import { decideSettlement, type DeliveryOutcome, type Settlement, type SettlementPolicy } from './settlement';

/** A payload whose decoding and handling takes long enough (a millisecond or more) to wait for its turn. */
const LARGE_MESSAGE_BYTES = 64 * 1024;

export interface ConsumedMessage<T> {
  /** The subject as the contracts name it (without the namespace). */
  subject: string;
  data: T;
  headers: Readonly<Record<string, string>>;
  /** The publisher's deduplication id; handlers can use it to make their effects idempotent. */
  msgId: string | undefined;
  /** 1 on first delivery; higher after failures, timeouts or a crashed consumer. */
  deliveryCount: number;
  streamSequence: number;
}

/**
 * Handles one message. Resolving acknowledges it; throwing schedules a redelivery, except for a
 * `PoisonMessageError` or on the last allowed delivery, which terminate it.
 */
export type MessageHandler<T> = (message: ConsumedMessage<T>) => Promise<void>;

export interface DurableConsumerOptions<T> {
  stream: StreamKey;
  /** Durable name, shared by every instance of the service (they split the messages). */
  durable: string;
  /** Only messages on this subject (wildcards allowed; as the contracts name it). */
  filterSubject?: string;
  handler: MessageHandler<T>;
  /** Validates payloads; one that does not match is terminated without calling the handler. */
  schema?: PayloadSchema<T>;
  /** Most handlers running at once in this process (default 1). */
  concurrency?: number;
  /** How long the server waits for an ack (or a heartbeat) before redelivering (default 30 s). */
  ackWaitMs?: number;
  /** Deliveries before a failing message is terminated (default 5). */
  maxDeliver?: number;
  backoff?: Partial<RedeliveryBackoff>;
  /** Where a new durable starts: the whole stream (default) or only messages from now on. */
  deliverPolicy?: 'all' | 'new';
  /** How long one pull request waits for messages (default 30 s, at least 1 s). */
  pullExpiresMs?: number;
}

type ConsumerSettings<T> = Required<Omit<DurableConsumerOptions<T>, 'filterSubject' | 'schema' | 'backoff'>> &
  Pick<DurableConsumerOptions<T>, 'filterSubject' | 'schema'> & { backoff: RedeliveryBackoff };

const PULL_RETRY_MAX_MS = 5_000;
/** How long after its expiry an abandoned pull request is taken to be gone from the server. */
const ABANDONED_PULL_MARGIN_MS = 250;

/**
 * A durable pull consumer: explicit acks, heartbeats while a handler runs, redelivery with
 * growing delays, termination of poison, and at most `concurrency` handlers at once. It asks the
 * server only for as many messages as it has free handler slots, so nothing waits client-side
 * with its ack-wait clock running.
 */
export class DurableConsumer<T = unknown> {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly policy: SettlementPolicy;
  private stopping = false;
  private requestStop: () => void = () => undefined;
  private readonly stopRequested = new Promise<void>((resolve) => (this.requestStop = resolve));
  private openBatch: ConsumerMessages | undefined;
  /** When the server lets the open batch's pull request expire. */
  private openBatchExpiresAt = 0;
  /**
   * Set by a stop that abandoned an open pull request: until then the server may still deliver
   * into it (see {@link settle}).
   */
  private abandonedPullExpiresAt: number | undefined;
  private loop: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly runtime: MessagingRuntime,
    private readonly consumer: Consumer,
    /** The stream's name on the server (namespaced). */
    readonly stream: string,
    private readonly settings: ConsumerSettings<T>,
  ) {
    this.policy = { maxDeliver: settings.maxDeliver, backoff: settings.backoff };
  }

  /** Creates (or updates) the durable and starts pulling; use `MessagingClient.consume`. */
  static async start<T>(runtime: MessagingRuntime, options: DurableConsumerOptions<T>): Promise<DurableConsumer<T>> {
    const settings = resolveSettings(options);
    const stream = runtime.namespace.streamName(settings.stream);
    const info = await ensureDurableConsumer(runtime.jsm, {
      stream,
      durable: settings.durable,
      filterSubject: settings.filterSubject === undefined ? undefined : runtime.namespace.subject(settings.filterSubject),
      ackWaitMs: settings.ackWaitMs,
      maxDeliver: settings.maxDeliver,
      deliverPolicy: settings.deliverPolicy,
    });
    const consumer = new DurableConsumer(runtime, runtime.js.consumers.getConsumerFromInfo(info), stream, settings);
    consumer.loop = consumer.pullLoop();
    return consumer;
  }

  get durable(): string {
    return this.settings.durable;
  }

  /** Handlers running right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Stops pulling, waits for the running handlers to finish and settle, and flushes their acks
   * to the server. Messages that arrive after the stop are handed back at once (nak).
   */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      this.requestStop();
      if (this.openBatch) this.abandonedPullExpiresAt = this.openBatchExpiresAt;
      this.openBatch?.stop();
      await this.loop;
      this.health.recovered(this.loopName);
      await Promise.all(this.inFlight);
      if (!this.runtime.nc.isClosed()) await this.runtime.nc.flush().catch(() => undefined);
    })();
    return this.stopped;
  }

  /** This consumer's pull loop, as `GET /status` names it while it is down. */
  private get loopName(): string {
    return `consumer:${this.durable}`;
  }

  private get health() {
    return this.runtime.health ?? processLoopHealth;
  }

  private async pullLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      if (this.inFlight.size >= this.settings.concurrency) {
        await Promise.race([...this.inFlight, this.stopRequested]);
        continue;
      }
      try {
        await this.pullBatch(this.settings.concurrency - this.inFlight.size);
        if (failures > 0) this.health.recovered(this.loopName);
        failures = 0;
      } catch (error) {
        if (this.stopping) break;
        failures += 1;
        this.health.failed(this.loopName);
        const details = { err: error, stream: this.stream, durable: this.durable, failures };
        this.runtime.logger.warn(details, 'pulling messages failed; retrying');
        await this.pause(Math.min(PULL_RETRY_MAX_MS, 250 * 2 ** (failures - 1)));
      }
    }
  }

  private async pullBatch(maxMessages: number): Promise<void> {
    this.openBatchExpiresAt = Date.now() + this.settings.pullExpiresMs;
    const batch = await this.consumer.fetch({ max_messages: maxMessages, expires: this.settings.pullExpiresMs });
    this.openBatch = batch;
    if (this.stopping) {
      // Stopped while the pull request was on its way: it is abandoned all the same.
      this.abandonedPullExpiresAt = this.openBatchExpiresAt;
      batch.stop();
    }
    try {
      for await (const msg of batch) {
        if (this.stopping) this.settle(msg, { action: 'nak', delayMs: 0 });
        else this.track(this.process(msg));
      }
    } finally {
      this.openBatch = undefined;
    }
  }

  private track(task: Promise<void>): void {
    const tracked: Promise<void> = task
      .catch((error: unknown) => this.runtime.logger.error({ err: error, durable: this.durable }, 'processing failed unexpectedly'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async process(msg: JsMsg): Promise<void> {
    // The messages of a pull arrive together, in one task: decoded and handed over there, a batch
    // of large ones (resource batches of 1 MiB) held HTTP for tens of milliseconds. Each large one
    // in a turn of the event loop of its own (takeTurn), requests get served between them; small
    // ones (events, reports) decode in microseconds and go on at once.
    if (msg.data.length >= LARGE_MESSAGE_BYTES) await takeTurn();
    const outcome = await this.deliver(msg);
    this.settle(msg, decideSettlement(outcome, msg.info.deliveryCount, this.policy), outcome);
  }

  private async deliver(msg: JsMsg): Promise<DeliveryOutcome> {
    let message: ConsumedMessage<T>;
    try {
      message = {
        subject: this.runtime.namespace.localSubject(msg.subject),
        data: decodeJson(msg.data, this.settings.schema),
        headers: fromMsgHdrs(msg.headers),
        msgId: msg.headers?.has('Nats-Msg-Id') ? msg.headers.get('Nats-Msg-Id') : undefined,
        deliveryCount: msg.info.deliveryCount,
        streamSequence: msg.seq,
      };
    } catch (error) {
      return { kind: 'undecodable', error };
    }

    const heartbeat = setInterval(() => this.signalWorking(msg), workingHeartbeatIntervalMs(this.settings.ackWaitMs));
    try {
      await inMessagingSpan(this.processingSpan(message, msg), () => this.settings.handler(message));
      return { kind: 'handled' };
    } catch (error) {
      return { kind: 'failed', error };
    } finally {
      clearInterval(heartbeat);
    }
  }

  private processingSpan(message: ConsumedMessage<T>, msg: JsMsg): MessagingSpan {
    return {
      name: `process ${message.subject}`,
      kind: SpanKind.CONSUMER,
      parent: extractTraceContext(msg.headers),
      attributes: {
        'messaging.destination.name': message.subject,
        'messaging.consumer.group.name': this.durable,
        'messaging.operation.type': 'process',
        'messaging.nats.delivery_count': message.deliveryCount,
        ...(message.msgId === undefined ? {} : { 'messaging.message.id': message.msgId }),
      },
    };
  }

  private signalWorking(msg: JsMsg): void {
    try {
      msg.working();
    } catch {
      // The connection is gone; the server will redeliver after the ack wait, as it should.
    }
  }

  private settle(msg: JsMsg, settlement: Settlement, outcome?: DeliveryOutcome): void {
    const { logger } = this.runtime;
    const details = {
      stream: this.stream,
      durable: this.durable,
      subject: msg.subject,
      seq: msg.seq,
      deliveryCount: msg.info.deliveryCount,
      ...(outcome && outcome.kind !== 'handled' ? { err: outcome.error } : {}),
    };
    try {
      switch (settlement.action) {
        case 'ack':
          msg.ack();
          break;
        case 'nak': {
          const delayMs = this.safeNakDelay(settlement.delayMs);
          msg.nak(delayMs);
          if (outcome) logger.warn({ ...details, delayMs }, 'handler failed; message will be redelivered');
          break;
        }
        case 'term':
          // No reason text: servers before 2.11 do not accept one.
          msg.term();
          logger.error({ ...details, reason: settlement.reason }, 'message terminated; it will not be redelivered');
          break;
      }
    } catch (error) {
      logger.warn({ ...details, err: error }, 'could not settle message; the server redelivers it after the ack wait');
    }
  }

  /**
   * A nak's delay, made to outlast a pull request a stop abandoned. The stop unsubscribes from
   * it, but the server keeps it until it expires, and a message redelivered into it goes nowhere:
   * the server then takes that delivery, and the failed one before it, as never made, so the next
   * consumer got the message as its first delivery again (a discovery run redone after a restart
   * reused the first attempt's number, and with it its message ids).
   */
  private safeNakDelay(delayMs: number): number {
    if (!this.stopping || this.abandonedPullExpiresAt === undefined) return delayMs;
    return Math.max(delayMs, this.abandonedPullExpiresAt + ABANDONED_PULL_MARGIN_MS - Date.now());
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      void this.stopRequested.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function resolveSettings<T>(options: DurableConsumerOptions<T>): ConsumerSettings<T> {
  const settings: ConsumerSettings<T> = {
    stream: options.stream,
    durable: options.durable,
    filterSubject: options.filterSubject,
    handler: options.handler,
    schema: options.schema,
    concurrency: options.concurrency ?? 1,
    ackWaitMs: options.ackWaitMs ?? 30_000,
    maxDeliver: options.maxDeliver ?? 5,
    backoff: { ...DEFAULT_REDELIVERY_BACKOFF, ...options.backoff },
    deliverPolicy: options.deliverPolicy ?? 'all',
    pullExpiresMs: options.pullExpiresMs ?? 30_000,
  };
  const { concurrency, maxDeliver, ackWaitMs } = settings;
  for (const [name, value] of Object.entries({ concurrency, maxDeliver, ackWaitMs })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new MessagingConfigError(`consumer ${settings.durable}: ${name} must be a positive integer`);
    }
  }
  if (!(settings.pullExpiresMs >= 1_000)) {
    throw new MessagingConfigError(`consumer ${settings.durable}: pullExpiresMs must be at least 1000`);
  }
  return settings;
}
