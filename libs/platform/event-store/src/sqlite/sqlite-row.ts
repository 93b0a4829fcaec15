import type { SQLOutputValue } from 'node:sqlite';
import { isJsonObject } from '../append-rules';
import { CorruptEventError } from '../errors';
import type { EventMetadata, StoredEvent } from '../event-store';
import { encodeSqliteCheckpoint } from './sqlite-checkpoint';

type Row = Record<string, SQLOutputValue>;

export const EVENT_COLUMNS = 'global_position, event_id, stream_name, revision, type, data, metadata, created_at';

export function textColumn(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new CorruptEventError(`column ${column} is not text: ${String(value)}`);
  return value;
}

export function integerColumn(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new CorruptEventError(`column ${column} is not an integer: ${String(value)}`);
  }
  return value;
}

function jsonObjectColumn(row: Row, column: string): Record<string, unknown> {
  const value: unknown = JSON.parse(textColumn(row, column));
  if (!isJsonObject(value)) throw new CorruptEventError(`column ${column} does not hold a JSON object`);
  return value;
}

function metadataColumn(row: Row): EventMetadata {
  const metadata = jsonObjectColumn(row, 'metadata');
  const tenantId = metadata['tenantId'];
  if (typeof tenantId !== 'string') throw new CorruptEventError('event metadata has no tenantId');
  return { ...metadata, tenantId };
}

/** Decodes a row selected with {@link EVENT_COLUMNS}. */
export function storedEventFromRow(row: Row): StoredEvent {
  return {
    id: textColumn(row, 'event_id'),
    type: textColumn(row, 'type'),
    data: jsonObjectColumn(row, 'data'),
    metadata: metadataColumn(row),
    streamName: textColumn(row, 'stream_name'),
    revision: integerColumn(row, 'revision'),
    globalPosition: encodeSqliteCheckpoint(integerColumn(row, 'global_position')),
    createdAt: textColumn(row, 'created_at'),
  };
}
