import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@strata/contracts';
import { upsertSet, type TenantCollection } from '@strata/platform-read-store';
import { KeyedLock } from '@strata/shared-domain';
import { DUE_SCOPE, dueDeliveriesCollection, dueEntryId, webhookDeliveriesCollection, type WebhookDeliveryRecord } from '../deliveries/delivery-collections';
import { NOTIFY_OPTIONS, type NotifyOptions } from '../notify-options';
import { dueEntry } from '../record-deliveries/delivery-recorder';
import { webhooksCollection } from '../webhooks/webhook-collections';
import { WebhookNotFoundError } from '../webhooks/webhook-errors';
import type { DeliveryList, DeliveryView, ListDeliveriesQuery } from './delivery.schemas';

export class DeliveryNotFoundError extends DomainError {
  constructor(deliveryId: string) {
    super('delivery_not_found', `No delivery ${deliveryId} of this webhook`);
  }
}

export const deliveryView = (record: WebhookDeliveryRecord): DeliveryView => ({
  id: record.id,
  webhook_id: record.webhook_id,
  event_id: record.event_id,
  event: record.event,
  status: record.status,
  attempt: record.attempt,
  status_code: record.status_code,
  latency_ms: record.latency_ms,
  error: record.error,
  next_attempt_at: record.next_attempt_at,
  created_at: record.created_at,
  updated_at: record.updated_at,
  attempts: record.attempts,
});

/** A webhook's delivery log, and redelivery by hand. */
@Injectable()
export class DeliveryLogService {
  private readonly lock = new KeyedLock();

  constructor(@Inject(NOTIFY_OPTIONS) private readonly options: NotifyOptions) {}

  /** Newest first. */
  async list(tenantId: string, webhookId: string, query: ListDeliveriesQuery): Promise<DeliveryList> {
    await this.requireWebhook(tenantId, webhookId);
    const page = await this.deliveries(tenantId).find({
      where: { webhook_id: webhookId },
      sort: { field: 'created_at', direction: 'desc' },
      limit: query.limit,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    });
    return {
      items: page.items.map(({ doc }) => deliveryView(doc)),
      page: { limit: query.limit, next_cursor: page.nextCursor ?? null, has_more: page.nextCursor !== undefined },
    };
  }

  /**
   * Queues a new attempt of the same body now, whatever the delivery's state, with a fresh 24 h
   * retry window. The notifier sends it; the answer shows it pending.
   */
  async redeliver(tenantId: string, webhookId: string, deliveryId: string): Promise<DeliveryView> {
    await this.requireWebhook(tenantId, webhookId);
    return this.lock.run(`${tenantId}\n${deliveryId}`, async () => {
      const deliveries = this.deliveries(tenantId);
      const delivery = await deliveries.get(deliveryId);
      if (!delivery || delivery.webhook_id !== webhookId) throw new DeliveryNotFoundError(deliveryId);
      const now = this.options.clock().toISOString();
      const queued: WebhookDeliveryRecord = {
        ...delivery,
        status: 'pending',
        next_attempt_at: now,
        retry_window_started_at: now,
        redeliveries: delivery.redeliveries + 1,
        updated_at: now,
      };
      await this.options.readStore.upsertTogether([
        upsertSet(deliveries, [{ id: deliveryId, doc: queued }]),
        upsertSet(this.options.readStore.collection(dueDeliveriesCollection).forTenant(DUE_SCOPE), [{ id: dueEntryId(tenantId, deliveryId), doc: dueEntry(tenantId, queued) }]),
      ]);
      return deliveryView(queued);
    });
  }

  private async requireWebhook(tenantId: string, webhookId: string): Promise<void> {
    if (!(await this.options.readStore.collection(webhooksCollection).forTenant(tenantId).get(webhookId))) throw new WebhookNotFoundError(webhookId);
  }

  private deliveries(tenantId: string): TenantCollection<WebhookDeliveryRecord> {
    return this.options.readStore.collection(webhookDeliveriesCollection).forTenant(tenantId);
  }
}
