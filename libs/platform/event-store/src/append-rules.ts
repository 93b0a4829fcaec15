import { EventIdConflictError, InvalidAppendError, StreamRevisionConflictError } from './errors';
import type { AppendResult, Checkpoint, CurrentRevision, ExpectedRevision, NewEvent } from './event-store';

// The adapters share these rules so that they refuse and accept exactly the same appends.

const LOWERCASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertName(value: unknown, what: string): void {
  // `$` names are EventStoreDB system streams and types; refusing them everywhere keeps adapters interchangeable.
  if (typeof value !== 'string' || value.length === 0 || value.startsWith('$')) {
    throw new InvalidAppendError(`${what} must be a non-empty string not starting with "$", got ${JSON.stringify(value)}`);
  }
}

/** Refuses a malformed append before any I/O. */
export function assertValidAppend(stream: string, events: readonly NewEvent<object>[], expected: ExpectedRevision): void {
  assertName(stream, 'stream name');
  if (expected !== 'any' && expected !== 'no_stream' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new InvalidAppendError(`expected revision must be 'any', 'no_stream' or a revision >= 0, got ${String(expected)}`);
  }
  if (events.length === 0) throw new InvalidAppendError(`append to "${stream}" has no events`);
  const ids = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || !LOWERCASE_UUID.test(event.id)) {
      throw new InvalidAppendError(`event id must be a lowercase UUID, got ${JSON.stringify(event.id)}`);
    }
    if (ids.has(event.id)) throw new InvalidAppendError(`event id ${event.id} appears twice in one append`);
    ids.add(event.id);
    assertName(event.type, 'event type');
    if (!isJsonObject(event.data)) throw new InvalidAppendError(`data of event ${event.id} must be a JSON object`);
    const metadata: unknown = event.metadata;
    if (!isJsonObject(metadata) || typeof metadata['tenantId'] !== 'string' || metadata['tenantId'].length === 0) {
      throw new InvalidAppendError(`metadata of event ${event.id} must carry a tenantId`);
    }
  }
}

/** Throws unless a stream at `actual` satisfies `expected`. */
export function assertExpectedRevision(stream: string, expected: ExpectedRevision, actual: CurrentRevision): void {
  if (expected === 'any' || expected === actual) return;
  throw new StreamRevisionConflictError(stream, expected, actual);
}

/** Where an id of the batch is already stored. */
export interface StoredIdLocation {
  eventId: string;
  streamName: string;
  revision: number;
  position: Checkpoint;
}

/**
 * Decides what a batch whose ids are (partly) stored already is: a retry, answered with the
 * stored events' result, or a conflict. `stored` lists where each already-stored id of the batch
 * is, in any order; it must not be empty.
 */
export function resultOfRetry(stream: string, batchIds: readonly string[], stored: readonly StoredIdLocation[]): AppendResult {
  const elsewhere = stored.filter((location) => location.streamName !== stream);
  if (elsewhere.length > 0) {
    throw new EventIdConflictError(stream, elsewhere.map((location) => location.eventId), 'used_in_another_stream');
  }
  const byId = new Map(stored.map((location) => [location.eventId, location]));
  const first = byId.get(batchIds[0] ?? '');
  const matches =
    first !== undefined && batchIds.every((id, index) => byId.get(id)?.revision === first.revision + index);
  const last = byId.get(batchIds[batchIds.length - 1] ?? '');
  if (!matches || last === undefined) {
    throw new EventIdConflictError(stream, stored.map((location) => location.eventId), 'does_not_match_stored_events');
  }
  return { nextExpectedRevision: last.revision, position: last.position };
}
