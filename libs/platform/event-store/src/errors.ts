import type { CurrentRevision, ExpectedRevision } from './event-store';

/** Base class of every error the event store raises on purpose. */
export abstract class EventStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream was not at the expected revision; nothing was written. */
export class StreamRevisionConflictError extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: CurrentRevision,
  ) {
    super(`stream "${stream}" is at revision ${actual}, expected ${expected}`);
  }
}

export type EventIdConflictReason =
  /** Some of the ids are stored in `stream`, but not as the same consecutive run as in the batch. */
  | 'does_not_match_stored_events'
  /** At least one id is stored in a different stream. */
  | 'used_in_another_stream';

/** The batch reuses stored event ids without being a retry of them; nothing was written. */
export class EventIdConflictError extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly eventIds: readonly string[],
    readonly reason: EventIdConflictReason,
  ) {
    super(`append to "${stream}" reuses stored event ids (${reason}): ${eventIds.join(', ')}`);
  }
}

/** The append was malformed and was refused before touching the store. */
export class InvalidAppendError extends EventStoreError {}

/** A checkpoint this store cannot have produced. */
export class InvalidCheckpointError extends EventStoreError {
  constructor(readonly checkpoint: string) {
    super(`"${checkpoint}" is not a checkpoint of this event store`);
  }
}

/** A stored event could not be decoded (written by something other than this port). */
export class CorruptEventError extends EventStoreError {}

/** `STRATA_EVENT_STORE` (or a config object) names no supported store. */
export class InvalidEventStoreConfigError extends EventStoreError {}

/** The store was used after `close()`. */
export class EventStoreClosedError extends EventStoreError {
  constructor() {
    super('the event store is closed');
  }
}
