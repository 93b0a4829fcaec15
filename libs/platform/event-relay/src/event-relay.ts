import { setTimeout as sleep } from 'node:timers/promises';
import { context, defaultTextMapGetter, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { EventStore, StoredEvent } from '@strata/platform-event-store';
import type { MessagingClient } from '@strata/platform-messaging';
import type { CheckpointStore } from '@strata/platform-read-store';
import { SupervisedLoop, type Logger, type LoopHealth } from '@strata/platform-observability';
import { eventSubject, relayedEnvelope } from './event-subject';

export interface EventRelayOptions {
  events: EventStore;
  messaging: MessagingClient;
  checkpoints: CheckpointStore;
  /** Checkpoint name; one relay per installation (default `relay:events`). */
  name?: string;
  logger?: Logger;
  /** Retry delay after a failed publish (default 1 s). */
  retryDelayMs?: number;
  /** Where the relay shows when it is down (default: this process's). */
  health?: LoopHealth;
  /** First delay before the relay is started again after a failure (default 500 ms). */
  restartBackoffMs?: number;
}

/**
 * Relays every stored event to NATS as its envelope (`events.<tenant>.<category>.<type>`,
 * Nats-Msg-Id = event id) in global order, from its checkpoint on. The event store is the only write; the relay
 * derives the publish from it, so there is no dual write to get half right. After a crash it
 * resumes from the checkpoint and the duplicate window drops what was already published.
 */
export class EventRelay {
  private readonly loop: SupervisedLoop;
  private relayed = 0;

  constructor(private readonly options: EventRelayOptions) {
    // A failed subscription or checkpoint write starts the relay again from its checkpoint: what
    // it published after that checkpoint is published again with the same msgId, and dropped by
    // the stream's duplicate window.
    this.loop = new SupervisedLoop({
      name: this.name,
      run: (signal, healthy) => this.run(signal, healthy),
      ...(options.health ? { health: options.health } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.restartBackoffMs === undefined ? {} : { initialBackoffMs: options.restartBackoffMs }),
    });
  }

  get name(): string {
    return this.options.name ?? 'relay:events';
  }

  /** Events published since start (for diagnostics and tests). */
  get count(): number {
    return this.relayed;
  }

  /** How often the relay was started again after a failure. */
  get restarts(): number {
    return this.loop.restarts;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async run(signal: AbortSignal, healthy: () => void): Promise<void> {
    const { events, checkpoints } = this.options;
    const from = await checkpoints.get(this.name);
    for await (const event of events.subscribeAll({ ...(from ? { fromCheckpoint: from } : {}), signal })) {
      await this.publishUntilDone(event, signal);
      await checkpoints.set(this.name, event.globalPosition);
      this.relayed++;
      healthy();
    }
  }

  private async publishUntilDone(event: StoredEvent, signal: AbortSignal): Promise<void> {
    const subject = eventSubject(event);
    // Published inside the trace of the request that appended the event.
    const carrier = { traceparent: event.metadata.traceparent, tracestate: event.metadata.tracestate };
    const parent = propagation.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
    for (;;) {
      try {
        await context.with(parent, () => this.options.messaging.publish(subject, relayedEnvelope(event), { msgId: event.id }));
        return;
      } catch (error) {
        if (signal.aborted) throw error;
        this.options.logger?.warn({ err: error, subject, eventId: event.id }, 'relay publish failed; retrying');
        // Ends at once on stop: a stopping relay neither waits out the delay nor leaves its timer behind.
        await sleep(this.options.retryDelayMs ?? 1_000, undefined, { signal }).catch(() => undefined);
        if (signal.aborted) throw error;
      }
    }
  }
}
