import { eventEnvelope, subjects, type EventEnvelope } from '@strata/contracts';
import type { StoredEvent } from '@strata/platform-event-store';

/** A stored event's category: its stream name up to the first `-` (stream `job-123` → `job`). */
export function eventCategory(event: Pick<StoredEvent, 'streamName'>): string {
  const dash = event.streamName.indexOf('-');
  return dash > 0 ? event.streamName.slice(0, dash) : event.streamName;
}

/** The subject a stored event is relayed on: `events.<tenant>.<category>.<type>`. */
export function eventSubject(event: Pick<StoredEvent, 'streamName' | 'type' | 'metadata'>): string {
  return subjects.event(event.metadata.tenantId, eventCategory(event), event.type);
}

/**
 * What the relay publishes for a stored event: its envelope (`job.JobCompleted`, the tenant, the
 * time it was stored, the schema version the writer recorded in `metadata.schemaVersion`).
 * Stream positions and trace metadata stay inside; the trace travels in the message headers.
 */
export function relayedEnvelope(event: StoredEvent): EventEnvelope {
  const version = event.metadata['schemaVersion'];
  return eventEnvelope({
    id: event.id,
    category: eventCategory(event),
    name: event.type,
    tenantId: event.metadata.tenantId,
    time: event.createdAt,
    data: event.data,
    ...(typeof version === 'number' ? { version } : {}),
  });
}

/** What a relayed message carries. */
export type RelayedEvent<T = Record<string, unknown>> = EventEnvelope<T>;
