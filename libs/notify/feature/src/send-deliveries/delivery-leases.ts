import { randomUUID } from 'node:crypto';
import { jetstreamManager, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { PublishConflictError, type MessagingClient } from '@strata/platform-messaging';

const LEASE_SUBJECT = 'notify.leases';

/**
 * Who sends an attempt: the first replica to store `notify.leases.<tenant>.<delivery>.<attempt>`
 * on a stream of its own (publish expecting the subject empty, as a KV `create` does) owns it.
 * Messages age out after `leaseMs`, so an attempt whose owner died before recording it can be
 * claimed again then; an attempt that was recorded is never due again under the same number.
 */
export class DeliveryLeases {
  /** Tells this replica's publishes apart: a retried publish of its own is a duplicate, another's a conflict. */
  private readonly owner = randomUUID();

  constructor(
    private readonly messaging: MessagingClient,
    readonly leaseMs: number,
  ) {}

  get streamName(): string {
    const namespace = this.messaging.namespace.value;
    return namespace === '' ? 'NOTIFY_LEASES' : `${namespace}_NOTIFY_LEASES`;
  }

  /** Creates the stream, or sets its lease time (idempotent; every replica runs it at start). */
  async ensure(): Promise<void> {
    const jsm = await jetstreamManager(this.messaging.connection);
    const config: Partial<StreamConfig> & { name: string } = {
      name: this.streamName,
      subjects: [this.messaging.namespace.subject(`${LEASE_SUBJECT}.>`)],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(this.leaseMs),
      duplicate_window: nanos(Math.min(this.leaseMs, 120_000)),
      max_msgs_per_subject: 1,
    };
    try {
      await jsm.streams.info(this.streamName);
      await jsm.streams.update(this.streamName, config);
    } catch (error) {
      if (!/not found/i.test(String((error as Error).message))) throw error;
      await jsm.streams.add(config);
    }
  }

  /** True when this replica now owns the attempt; false when another does. */
  async claim(tenantId: string, deliveryId: string, attempt: number): Promise<boolean> {
    const key = `${tenantId}.${deliveryId}.${attempt}`;
    try {
      await this.messaging.publish(`${LEASE_SUBJECT}.${key}`, { owner: this.owner }, { msgId: `${this.owner}:${key}`, expectedLastSubjectSequence: 0 });
      return true;
    } catch (error) {
      if (error instanceof PublishConflictError) return false;
      throw error;
    }
  }
}
