import { setTimeout as sleep } from 'node:timers/promises';
import { context, defaultTextMapGetter, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { EventStore, StoredEvent } from '@strata/platform-event-store';
import type { MessagingClient } from '@strata/platform-messaging';
import type { CheckpointStore } from '@strata/platform-read-store';
import type { Logger } from '@strata/platform-observability';
import { eventSubject } from './event-subject';

export interface EventRelayOptions {
  events: EventStore;
  messaging: MessagingClient;
  checkpoints: CheckpointStore;
  /** Checkpoint name; one relay per installation (default `relay:events`). */
  name?: string;
  logger?: Logger;
  /** Retry delay after a failed publish (default 1 s). */
  retryDelayMs?: number;
}

/**
 * Relays every stored event to NATS (`events.<tenant>.<category>.<type>`, Nats-Msg-Id = event
 * id) in global order, from its checkpoint on. The event store is the only write; the relay
 * derives the publish from it, so there is no dual write to get half right. After a crash it
 * resumes from the checkpoint and the duplicate window drops what was already published.
 */
export class EventRelay {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private relayed = 0;

  constructor(private readonly options: EventRelayOptions) {}

  get name(): string {
    return this.options.name ?? 'relay:events';
  }

  /** Events published since start (for diagnostics and tests). */
  get count(): number {
    return this.relayed;
  }

  start(): void {
    this.running ??= this.run().catch((error: unknown) => {
      if (!this.abort.signal.aborted) this.options.logger?.error({ err: error }, 'event relay stopped');
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const { events, checkpoints } = this.options;
    const from = await checkpoints.get(this.name);
    for await (const event of events.subscribeAll({ ...(from ? { fromCheckpoint: from } : {}), signal: this.abort.signal })) {
      await this.publishUntilDone(event);
      await checkpoints.set(this.name, event.globalPosition);
      this.relayed++;
    }
  }

  private async publishUntilDone(event: StoredEvent): Promise<void> {
    const subject = eventSubject(event);
    // Published inside the trace of the request that appended the event.
    const carrier = { traceparent: event.metadata.traceparent, tracestate: event.metadata.tracestate };
    const parent = propagation.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
    for (;;) {
      try {
        await context.with(parent, () => this.options.messaging.publish(subject, event, { msgId: event.id }));
        return;
      } catch (error) {
        if (this.abort.signal.aborted) throw error;
        this.options.logger?.warn({ err: error, subject, eventId: event.id }, 'relay publish failed; retrying');
        // Ends at once on stop: a stopping relay neither waits out the delay nor leaves its timer behind.
        await sleep(this.options.retryDelayMs ?? 1_000, undefined, { signal: this.abort.signal }).catch(() => undefined);
        if (this.abort.signal.aborted) throw error;
      }
    }
  }
}
