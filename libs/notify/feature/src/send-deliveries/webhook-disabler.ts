import { eventEnvelope } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { webhookHealthCollection } from '../deliveries/delivery-collections';
import { webhooksCollection } from '../webhooks/webhook-collections';

/** The event a webhook disabled for failing publishes, on `events.<tenant>.webhook.WebhookDisabled`. */
export const WEBHOOK_CATEGORY = 'webhook';
export const WEBHOOK_DISABLED = 'WebhookDisabled';

export interface WebhookDisablerOptions {
  readStore: ReadStore;
  messaging: MessagingClient;
  /** A webhook failing this long is disabled (24 h). */
  disableAfterMs: number;
}

/**
 * Tracks since when each webhook's attempts have been failing (a delivered attempt resets it) and
 * disables a webhook failing for `disableAfterMs`: `is_active: false` with `disabled_reason`, and
 * one `webhook.WebhookDisabled` event (its id derived from the webhook and the failing spell, so
 * a replica recording the same spell publishes nothing new).
 */
export class WebhookDisabler {
  /** Webhooks this process saw healthy lately (performance.now() until which it trusts that), so a run of deliveries reads their health once a second, not once each. */
  private readonly healthy = new Map<string, number>();

  constructor(private readonly options: WebhookDisablerOptions) {}

  async delivered(tenantId: string, webhookId: string, at: Date): Promise<void> {
    const key = `${tenantId}/${webhookId}`;
    if ((this.healthy.get(key) ?? 0) > performance.now()) return;
    const health = this.health(tenantId);
    const current = await health.get(webhookId);
    if (!current || current.failing_since !== null) await health.upsert(webhookId, { failing_since: null, last_delivered_at: at.toISOString(), updated_at: at.toISOString() });
    if (this.healthy.size > 10_000) this.healthy.clear();
    this.healthy.set(key, performance.now() + 1_000);
  }

  /** Answers whether the webhook was disabled by this failure. */
  async failed(tenantId: string, webhookId: string, at: Date, lastError: string): Promise<boolean> {
    this.healthy.delete(`${tenantId}/${webhookId}`);
    const health = this.health(tenantId);
    const current = await health.get(webhookId);
    if (!current || current.failing_since === null) {
      await health.upsert(webhookId, { failing_since: at.toISOString(), last_delivered_at: current?.last_delivered_at ?? null, updated_at: at.toISOString() });
      return false;
    }
    const since = Date.parse(current.failing_since);
    if (at.getTime() - since < this.options.disableAfterMs) return false;
    return this.disable(tenantId, webhookId, current.failing_since, at, lastError);
  }

  private async disable(tenantId: string, webhookId: string, failingSince: string, at: Date, lastError: string): Promise<boolean> {
    const webhooks = this.options.readStore.collection(webhooksCollection).forTenant(tenantId);
    const webhook = await webhooks.get(webhookId);
    if (!webhook || !webhook.is_active) return false;
    const hours = Math.round(this.options.disableAfterMs / 3_600_000);
    const reason = `disabled at ${at.toISOString()}: every delivery failed for ${hours >= 1 ? `${hours} h` : `${this.options.disableAfterMs} ms`} (since ${failingSince}); last error: ${lastError}`;
    await webhooks.upsert(webhookId, { ...webhook, is_active: false, disabled_reason: reason, updated_at: at.toISOString() });
    const envelope = eventEnvelope({
      id: `webhook-disabled-${webhookId}-${Date.parse(failingSince)}`,
      category: WEBHOOK_CATEGORY,
      name: WEBHOOK_DISABLED,
      tenantId,
      time: at.toISOString(),
      data: { webhook_id: webhookId, url: webhook.url, reason, failing_since: failingSince },
    });
    await this.options.messaging.publish(`events.${tenantId}.${WEBHOOK_CATEGORY}.${WEBHOOK_DISABLED}`, envelope, { msgId: envelope.id });
    return true;
  }

  private health(tenantId: string) {
    return this.options.readStore.collection(webhookHealthCollection).forTenant(tenantId);
  }
}
