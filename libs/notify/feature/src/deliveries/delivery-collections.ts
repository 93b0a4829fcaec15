import { createHash } from 'node:crypto';
import { defineCollection } from '@strata/platform-read-store';

/**
 * `pending`: an attempt is due at `next_attempt_at` (the first, a retry, or a redelivery);
 * `delivered`: the receiver answered 2xx; `failed`: final (a 4xx other than 408/429, a refused
 * target, the retry window of 24 h used up, the webhook deleted or inactive).
 */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One request made (or refused before it was made), newest last. */
export interface DeliveryAttemptRecord {
  attempt: number;
  at: string;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
}

/** One event for one webhook, in the event's tenant's scope. */
export interface WebhookDeliveryRecord {
  id: string;
  webhook_id: string;
  event_id: string;
  /** The event's type, e.g. `finding.FindingOpened` (X-Strata-Event). */
  event: string;
  /** The exact body sent on every attempt: the event envelope as JSON. */
  body: string;
  status: DeliveryStatus;
  /** Attempts made so far. */
  attempt: number;
  status_code: number | null;
  latency_ms: number | null;
  error: string | null;
  /** When the next attempt is due; null unless pending. */
  next_attempt_at: string | null;
  /** Retries stop 24 h after this: the recording, or the last redelivery asked for. */
  retry_window_started_at: string;
  /** Redeliveries asked for through the API; the sender notices one that arrives mid-attempt. */
  redeliveries: number;
  /** The last attempts, oldest first (at most {@link MAX_ATTEMPTS_KEPT}). */
  attempts: DeliveryAttemptRecord[];
  created_at: string;
  updated_at: string;
}

export const MAX_ATTEMPTS_KEPT = 30;

export const webhookDeliveriesCollection = defineCollection<WebhookDeliveryRecord>({
  name: 'notify_webhook_deliveries',
  indexes: { webhook_id: 'string', created_at: 'string' },
  // A webhook's delivery log, newest first, reads in index order.
  compoundIndexes: [['webhook_id', 'created_at']],
  ownIndexes: { webhook_id: 'none' },
});

/**
 * What is due, across tenants: one entry per delivery, in the platform's scope, so the sender
 * finds due attempts with one range read instead of a read per tenant. Written with the delivery
 * (one transaction on SQLite); a final delivery's entry keeps `next_attempt_at: null`, which the
 * sparse index leaves out, so finishing a delivery is one write. A delivery has its entry for as
 * long as it exists (never one without the other): the recorder asks the entries whether an
 * event's deliveries are recorded already.
 */
export interface DueDeliveryRecord {
  tenant_id: string;
  delivery_id: string;
  webhook_id: string;
  /** The number the next attempt will have: with the delivery id, the lease's key. */
  attempt: number;
  /** Null once the delivery is final (delivered or failed). */
  next_attempt_at: string | null;
  /**
   * The delivery's `redeliveries`, written with it: the sender tells from this small entry whether
   * a redelivery came while an attempt ran, without reading the delivery again. Absent from
   * entries written before it existed (the sender then reads the delivery).
   */
  redeliveries?: number;
}

export const DUE_SCOPE = '_notify';

export const dueDeliveriesCollection = defineCollection<DueDeliveryRecord>({
  name: 'notify_due_deliveries',
  indexes: { next_attempt_at: 'string' },
  ownIndexes: { next_attempt_at: 'sparse' },
});

export const dueEntryId = (tenantId: string, deliveryId: string): string => `${tenantId}/${deliveryId}`;

/** Since when a webhook's deliveries have been failing (null: its last attempt was delivered). */
export interface WebhookHealthRecord {
  failing_since: string | null;
  last_delivered_at: string | null;
  updated_at: string;
}

export const webhookHealthCollection = defineCollection<WebhookHealthRecord>({ name: 'notify_webhook_health', indexes: {} });

/**
 * The id of the delivery of one event to one webhook: derived from both, so an event consumed
 * twice (a NATS redelivery) records it once. Also the `X-Strata-Delivery` header.
 */
export function deliveryIdFor(eventId: string, webhookId: string): string {
  return `dl-${createHash('sha256').update(`${eventId}\n${webhookId}`).digest('hex').slice(0, 32)}`;
}
