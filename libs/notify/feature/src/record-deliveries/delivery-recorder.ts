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
import type { DeliveryWakeup } from '../deliveries/delivery-wakeup';

const WEBHOOK_PAGE = 500;

export interface DeliveryRecorderOptions {
  readStore: ReadStore;
  clock: () => Date;
  wakeup?: DeliveryWakeup;
}

/**
 * Turns one relayed event into one pending delivery per active webhook of its tenant that
 * subscribes to its type. The delivery's id is derived from (event id, webhook id) and an existing
 * delivery is never written again, so an event consumed twice records nothing twice. The body is
 * fixed here, once: every attempt and redelivery sends these bytes.
 */
export class DeliveryRecorder {
  constructor(private readonly options: DeliveryRecorderOptions) {}

  /** Records the event's deliveries; answers how many were new. */
  async record(envelope: EventEnvelope): Promise<number> {
    const webhooks = await this.subscribers(envelope.tenant_id, envelope.type);
    if (webhooks.length === 0) return 0;
    const deliveries = this.options.readStore.collection(webhookDeliveriesCollection).forTenant(envelope.tenant_id);
    const ids = webhooks.map((webhook) => deliveryIdFor(envelope.id, webhook.id));
    const existing = await deliveries.getMany(ids);
    const now = this.options.clock().toISOString();
    const body = JSON.stringify({ id: envelope.id, type: envelope.type, tenant_id: envelope.tenant_id, time: envelope.time, version: envelope.version, data: envelope.data });
    const fresh = webhooks
      .map((webhook, index) => ({ webhook, id: ids[index]! }))
      .filter(({ id }) => !existing.has(id))
      .map(({ webhook, id }): WebhookDeliveryRecord => ({
        id,
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
      }));
    if (fresh.length === 0) return 0;
    const due = this.options.readStore.collection(dueDeliveriesCollection).forTenant(DUE_SCOPE);
    await this.options.readStore.upsertTogether([
      upsertSet(deliveries, fresh.map((doc) => ({ id: doc.id, doc }))),
      upsertSet(
        due,
        fresh.map((doc) => ({ id: dueEntryId(envelope.tenant_id, doc.id), doc: dueEntry(envelope.tenant_id, doc) })),
      ),
    ]);
    this.options.wakeup?.notify();
    return fresh.length;
  }

  /** The tenant's active webhooks subscribed to `type`; progress events match none unless asked for. */
  private async subscribers(tenantId: string, type: string): Promise<WebhookRecord[]> {
    const webhooks = this.options.readStore.collection(webhooksCollection).forTenant(tenantId);
    const found: WebhookRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await webhooks.find({ where: { is_active: true }, limit: WEBHOOK_PAGE, ...(cursor ? { cursor } : {}) });
      for (const { doc } of page.items) if (doc.events.some((pattern) => eventMatches(pattern, type))) found.push(doc);
      cursor = page.nextCursor;
    } while (cursor);
    return found;
  }
}

export function dueEntry(tenantId: string, delivery: WebhookDeliveryRecord): DueDeliveryRecord {
  return { tenant_id: tenantId, delivery_id: delivery.id, webhook_id: delivery.webhook_id, attempt: delivery.attempt + 1, next_attempt_at: delivery.status === 'pending' ? delivery.next_attempt_at : null };
}
