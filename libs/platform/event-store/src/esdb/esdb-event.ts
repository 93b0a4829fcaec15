import type { AllStreamRecordedEvent, RecordedEvent } from '@kurrent/kurrentdb-client';
import { isJsonObject } from '../append-rules';
import { CorruptEventError } from '../errors';
import type { StoredEvent } from '../event-store';
import { encodeEsdbCheckpoint } from './esdb-checkpoint';

/**
 * Maps an EventStoreDB record to the port's shape. `commitPosition` stands in for servers older
 * than 22.6, which send no per-event position on stream reads (commit equals prepare there).
 */
export function storedEventFromRecord(event: RecordedEvent | AllStreamRecordedEvent, commitPosition?: bigint): StoredEvent {
  const data: unknown = event.data;
  const metadata: unknown = event.metadata;
  if (!event.isJson || !isJsonObject(data)) {
    throw new CorruptEventError(`event ${event.id} in "${event.streamId}" has no JSON object data`);
  }
  if (!isJsonObject(metadata) || typeof metadata['tenantId'] !== 'string') {
    throw new CorruptEventError(`event ${event.id} in "${event.streamId}" has no tenantId in its metadata`);
  }
  const position = event.position ?? (commitPosition === undefined ? undefined : { commit: commitPosition, prepare: commitPosition });
  if (!position) throw new CorruptEventError(`event ${event.id} in "${event.streamId}" came without a log position`);
  return {
    id: event.id,
    type: event.type,
    data,
    metadata: { ...metadata, tenantId: metadata['tenantId'] },
    streamName: event.streamId,
    revision: Number(event.revision),
    globalPosition: encodeEsdbCheckpoint(position),
    createdAt: event.created.toISOString(),
  };
}
