import { randomUUID } from 'node:crypto';
import { eventEnvelope, subjects } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';

export interface StoredJobEvent {
  tenantId: string;
  jobId: string;
  type: string;
  data: Record<string, unknown>;
  /** Default: a new UUID (redelivery tests send one id twice). */
  id?: string;
}

/**
 * Publishes a job event as the event relay does: its envelope (`job.<type>`) on
 * `events.<tenant>.job.<type>`, its id as the message id. Returns the event id.
 */
export async function publishStoredJobEvent(messaging: MessagingClient, event: StoredJobEvent): Promise<string> {
  const { tenantId, type, data, id = randomUUID() } = event;
  const envelope = eventEnvelope({ id, category: 'job', name: type, tenantId, time: new Date().toISOString(), data });
  await messaging.publish(subjects.event(tenantId, 'job', type), envelope, { msgId: id });
  return id;
}
