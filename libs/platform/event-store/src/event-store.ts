/**
 * Where a subscriber is in the global order of all events. Opaque: store it as a string and hand
 * it back to {@link EventStore.subscribeAll}.
 * Each adapter has its own encoding, so a checkpoint is only meaningful to the store that made it.
 */
export type Checkpoint = string;

/** Who and what caused an event; carried unchanged from append to every reader. */
export interface EventMetadata {
  tenantId: string;
  correlationId?: string;
  causationId?: string;
  /** W3C trace context of the operation that appended the event. */
  traceparent?: string;
  tracestate?: string;
  [key: string]: unknown;
}

/**
 * An event to append. `id` is a lowercase UUID (EventStoreDB requires UUIDs) chosen by the caller,
 * so that retrying an append after a timeout cannot write it twice. `data` is a JSON object.
 */
export interface NewEvent<T extends object = Record<string, unknown>> {
  id: string;
  type: string;
  data: T;
  metadata: EventMetadata;
}

/** An event as stored. `data` is whatever JSON object was appended; validate it before trusting a type. */
export interface StoredEvent<T = Record<string, unknown>> {
  id: string;
  type: string;
  data: T;
  metadata: EventMetadata;
  streamName: string;
  /** Position within its stream, 0-based and gap-free. */
  revision: number;
  /** Position in the store's global order; subscribing from it resumes strictly after this event. */
  globalPosition: Checkpoint;
  /** When the store recorded the event (ISO 8601, UTC). */
  createdAt: string;
}

/**
 * What the caller believes the stream's last revision is: `'no_stream'` (must not exist yet), a
 * 0-based revision (the stream's last event must have exactly it), or `'any'` (no check).
 */
export type ExpectedRevision = 'no_stream' | 'any' | number;

/** A stream's actual last revision, or `'no_stream'` when it has no events. */
export type CurrentRevision = 'no_stream' | number;

/** What a successful append (or a recognised retry of one) returns. */
export interface AppendResult {
  /** The revision of the stream's last event: pass it as `expectedRevision` on the next append. */
  nextExpectedRevision: number;
  /** Global position of the batch's last event. */
  position: Checkpoint;
}

/** Where a subscription starts and what ends it. */
export interface SubscribeAllOptions {
  /** Deliver events strictly after this checkpoint; `undefined` starts at the very first event. */
  fromCheckpoint?: Checkpoint;
  /** Ends the subscription: a pending `next()` resolves as done and resources are released. */
  signal?: AbortSignal;
}

/**
 * The event store port. Every adapter passes the same contract suite
 * (`src/testing/event-store-contract.ts`).
 */
export interface EventStore {
  /**
   * Appends `events` to `stream` atomically, after checking `expectedRevision`.
   *
   * Idempotency: a batch whose first event id is already stored in `stream` is a retry. When its
   * ids match consecutive stored events of that stream, in order, nothing is written and the
   * result is that of the stored events (`nextExpectedRevision` = revision of the batch's last
   * event, `position` = its global position) — whatever `expectedRevision` says, so a retry after
   * the stream moved on still succeeds. Event contents are not compared. Otherwise, when any id is
   * already stored (a batch that only partly matches, ids out of order, or an id stored in another
   * stream), it throws {@link EventIdConflictError} and writes nothing.
   *
   * Adapters differ in how far they can see stored ids; see {@link EventStoreCapabilities}.
   *
   * @throws {@link StreamRevisionConflictError} when the stream is not at `expectedRevision`.
   * @throws {@link EventIdConflictError} as described above.
   * @throws {@link InvalidAppendError} for an empty batch, a repeated id within the batch, a
   * non-UUID id, an empty or `$`-prefixed type or stream name, non-object data, or a missing tenant.
   */
  append(stream: string, events: readonly NewEvent<object>[], expectedRevision: ExpectedRevision): Promise<AppendResult>;

  /** All events of `stream` in revision order; an empty array when the stream does not exist. */
  read(stream: string): Promise<StoredEvent[]>;

  /**
   * Every event of every stream in global order: first those already stored after
   * `fromCheckpoint`, then new ones as they are appended (by this or any other process), until the
   * iteration ends (`break`/`return`), `signal` aborts, or the store closes.
   *
   * @throws {@link InvalidCheckpointError} (on the first `next()`) when the checkpoint was not
   * made by this kind of store.
   */
  subscribeAll(options?: SubscribeAllOptions): AsyncIterable<StoredEvent>;

  /** What this adapter guarantees beyond the common contract. */
  readonly capabilities: EventStoreCapabilities;

  /** Ends every subscription and releases the connection. */
  close(): Promise<void>;
}

export interface EventStoreCapabilities {
  /**
   * True when an event id can never be stored twice anywhere in the store: a reused id is always
   * a retry or an {@link EventIdConflictError}, whatever the expected revision. When false
   * (EventStoreDB), ids are only checked within the stream and retries are only recognised when
   * made with the same `'no_stream'` or numeric expected revision as the original append
   * (`'any'` retries are best effort, and an id reused at the current revision is written again).
   */
  readonly uniqueEventIds: boolean;
}
