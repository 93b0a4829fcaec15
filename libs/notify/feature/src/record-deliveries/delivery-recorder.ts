import type { EventEnvelope } from '@strata/contracts';
import type { ReadStore } from '@strata/platform-read-store';
import { upsertSet } from '@strata/platform-read-store';
import { webhooksCollection, type WebhookRecord } from '../webhooks/webhook-collections';
import { eventMatches } from '../webhooks/webhook-event-types';
import {
  deliveryIdFor,
  DUE_SCOPE,
  dueDeliveriesCollection,
  dueEntryId,
  webhookDeliveriesCollection,
  type DueDeliveryRecord,
  type WebhookDeliveryRecord,
} from '../deliveries/delivery-collections';
import { groupBy } from '../deliveries/group-by';
import { WriteBatch } from '../deliveries/write-batch';

const WEBHOOK_PAGE = 500;
/**
 * How long a tenant's active webhooks, read for one event, serve the next events: a change through
 * the API (a new webhook, new patterns, deactivation) applies to events recorded from a second
 * later, as it does to the sender's attempts.
 */
const SUBSCRIBERS_CACHE_MS = 1_000;

export interface DeliveryRecorderOptions {
  readStore: ReadStore;
  clock: () => Date;
  /** Told each time new deliveries are written (the sender's wake-up). */
  onRecorded?: () => void;
}

/** One event's deliveries, to be written if not already there. */
interface EventDeliveries {
  tenantId: string;
  deliveries: WebhookDeliveryRecord[];
}

/**
 * Turns one relayed event into one pending delivery per active webhook of its tenant that
 * subscribes to its type. The delivery's id is derived from (event id, webhook id) and an existing
 * delivery is never written again, so an event consumed twice records nothing twice. The body is
 * fixed here, once: every attempt and redelivery sends these bytes. The events being recorded at
 * the same time (the consumer runs many at once) are written together, in one transaction.
 */
export class DeliveryRecorder {
  private readonly batch = new WriteBatch<EventDeliveries, number>((events) => this.writeFresh(events));
  private readonly subscriptions = new Map<string, { webhooks: WebhookRecord[]; until: number }>();

  constructor(private readonly options: DeliveryRecorderOptions) {}

  /** Records the event's deliveries; answers how many were new. */
  async record(envelope: EventEnvelope): Promise<number> {
    const webhooks = (await this.activeWebhooks(envelope.tenant_id)).filter((webhook) => webhook.events.some((pattern) => eventMatches(pattern, envelope.type)));
    if (webhooks.length === 0) return 0;
    const now = this.options.clock().toISOString();
    const body = JSON.stringify({ id: envelope.id, type: envelope.type, tenant_id: envelope.tenant_id, time: envelope.time, version: envelope.version, data: envelope.data });
    const deliveries = webhooks.map(
      (webhook): WebhookDeliveryRecord => ({
        id: deliveryIdFor(envelope.id, webhook.id),
        webhook_id: webhook.id,
        event_id: envelope.id,
        event: envelope.type,
        body,
        status: 'pending',
        attempt: 0,
        status_code: null,
        latency_ms: null,
        error: null,
        next_attempt_at: now,
        retry_window_started_at: now,
        redeliveries: 0,
        attempts: [],
        created_at: now,
        updated_at: now,
      }),
    );
    return this.batch.add({ tenantId: envelope.tenant_id, deliveries });
  }

  /** Writes the deliveries not recorded yet, of every event in the batch, in one transaction; answers how many were new per event. */
  private async writeFresh(events: EventDeliveries[]): Promise<number[]> {
    const { readStore } = this.options;
    // What is recorded already (a delivery and its due entry are written together, and the due
    // entries, small and in one scope, answer with one query), plus what an earlier event of this
    // batch adds (the same event twice).
    const due = readStore.collection(dueDeliveriesCollection).forTenant(DUE_SCOPE);
    const existing = await due.getMany(events.flatMap(({ tenantId, deliveries }) => deliveries.map((delivery) => dueEntryId(tenantId, delivery.id))));
    const taken = new Set(existing.keys());
    const fresh: { tenantId: string; doc: WebhookDeliveryRecord }[] = [];
    const counts = events.map(({ tenantId, deliveries }) => {
      const added = deliveries.filter((delivery) => !taken.has(dueEntryId(tenantId, delivery.id)));
      for (const doc of added) {
        taken.add(dueEntryId(tenantId, doc.id));
        fresh.push({ tenantId, doc });
      }
      return added.length;
    });
    if (fresh.length === 0) return counts;
    await readStore.upsertTogether([
      ...[...groupBy(fresh, ({ tenantId }) => tenantId)].map(([tenantId, docs]) => upsertSet(readStore.collection(webhookDeliveriesCollection).forTenant(tenantId), docs.map(({ doc }) => ({ id: doc.id, doc })))),
      upsertSet(
        due,
        fresh.map(({ tenantId, doc }) => ({ id: dueEntryId(tenantId, doc.id), doc: dueEntry(tenantId, doc) })),
      ),
    ]);
    this.options.onRecorded?.();
    return counts;
  }

  /** The tenant's active webhooks, read at most once per {@link SUBSCRIBERS_CACHE_MS}. */
  private async activeWebhooks(tenantId: string): Promise<WebhookRecord[]> {
    const now = performance.now();
    const cached = this.subscriptions.get(tenantId);
    if (cached && cached.until > now) return cached.webhooks;
    const webhooks = this.options.readStore.collection(webhooksCollection).forTenant(tenantId);
    const found: WebhookRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await webhooks.find({ where: { is_active: true }, limit: WEBHOOK_PAGE, ...(cursor ? { cursor } : {}) });
      for (const { doc } of page.items) found.push(doc);
      cursor = page.nextCursor;
    } while (cursor);
    if (this.subscriptions.size > 10_000) this.subscriptions.clear();
    this.subscriptions.set(tenantId, { webhooks: found, until: now + SUBSCRIBERS_CACHE_MS });
    return found;
  }
}

export function dueEntry(tenantId: string, delivery: WebhookDeliveryRecord): DueDeliveryRecord {
  return {
    tenant_id: tenantId,
    delivery_id: delivery.id,
    webhook_id: delivery.webhook_id,
    attempt: delivery.attempt + 1,
    next_attempt_at: delivery.status === 'pending' ? delivery.next_attempt_at : null,
    redeliveries: delivery.redeliveries,
  };
}
