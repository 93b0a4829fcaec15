import { randomUUID } from 'node:crypto';
import { subjects } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';

export interface StoredJobEvent {
  tenantId: string;
  jobId: string;
  type: string;
  data: Record<string, unknown>;
  /** The event's revision in its job stream. */
  revision: number;
  /** Its position in the store; services only pass it on. Default `'1'`. */
  globalPosition?: string;
  /** Default: a new UUID (redelivery tests send one id twice). */
  id?: string;
}

/**
 * Publishes a job event as the event relay does: the whole stored event (stream `job-<jobId>`,
 * the tenant in its metadata) on `events.<tenant>.job.<type>`, its id as the message id.
 * Returns the event id.
 */
export async function publishStoredJobEvent(messaging: MessagingClient, event: StoredJobEvent): Promise<string> {
  const { tenantId, jobId, type, data, revision, globalPosition = '1', id = randomUUID() } = event;
  const stored = {
    id,
    type,
    streamName: `job-${jobId}`,
    data,
    metadata: { tenantId },
    revision,
    globalPosition,
    createdAt: new Date().toISOString(),
  };
  await messaging.publish(subjects.event(tenantId, 'job', type), stored, { msgId: id });
  return id;
}
