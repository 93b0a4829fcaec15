import { subjects } from '@strata/contracts';
import type { StoredEvent } from '@strata/platform-event-store';

/**
 * The subject a stored event is relayed on: `events.<tenant>.<category>.<type>`, where the
 * category is the stream name up to its first `-` (stream `job-123` → category `job`).
 */
export function eventSubject(event: Pick<StoredEvent, 'streamName' | 'type' | 'metadata'>): string {
  const dash = event.streamName.indexOf('-');
  const category = dash > 0 ? event.streamName.slice(0, dash) : event.streamName;
  return subjects.event(event.metadata.tenantId, category, event.type);
}

/** What a relayed message carries: the stored event as it is, so subscribers need no second read. */
export type RelayedEvent<T = Record<string, unknown>> = StoredEvent<T>;
