import { assertExpectedRevision, assertValidAppend, resultOfRetry } from '../append-rules';
import { InvalidCheckpointError } from '../errors';
import type { AppendResult, Checkpoint, EventStore, EventStoreCapabilities, ExpectedRevision, NewEvent, StoredEvent, SubscribeAllOptions } from '../event-store';

/** The events one in-memory store holds, shared by every handle opened on it (see `connect`). */
class EventLog {
  readonly all: StoredEvent[] = [];
  readonly streams = new Map<string, StoredEvent[]>();
  readonly byId = new Map<string, StoredEvent>();
  readonly appended = new Set<() => void>();
}

// `mem:<index>`: the event's index in the log; the prefix keeps other adapters' checkpoints out.
const CHECKPOINT = /^mem:(\d{1,15})$/;
const checkpointOf = (index: number): Checkpoint => `mem:${index}`;

function indexOf(checkpoint: Checkpoint): number {
  const match = CHECKPOINT.exec(checkpoint);
  if (!match) throw new InvalidCheckpointError(checkpoint);
  return Number(match[1]);
}

/**
 * An `EventStore` in this process's memory, for fast specs of handlers and projections (given
 * these events, when this command, then those events) without a database or NATS. It passes the
 * same contract suite as the SQLite and EventStoreDB adapters. Not for production: nothing
 * survives the process.
 */
export class InMemoryEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities = { uniqueEventIds: true };
  private closed = false;
  private readonly wakeOnClose = new Set<() => void>();

  constructor(private readonly log: EventLog = new EventLog()) {}

  /** Another handle on the same events, as a second connection to a real store would be. */
  connect(): InMemoryEventStore {
    return new InMemoryEventStore(this.log);
  }

  async append(stream: string, events: readonly NewEvent<object>[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidAppend(stream, events, expectedRevision);
    const known = events.flatMap((event) => {
      const stored = this.log.byId.get(event.id);
      return stored ? [{ eventId: stored.id, streamName: stored.streamName, revision: stored.revision, position: stored.globalPosition }] : [];
    });
    if (known.length > 0) return resultOfRetry(stream, events.map((event) => event.id), known);
    const current = this.log.streams.get(stream) ?? [];
    assertExpectedRevision(stream, expectedRevision, current.length === 0 ? 'no_stream' : current.length - 1);
    const createdAt = new Date().toISOString();
    for (const event of events) {
      // Copied in: what the caller does with its objects afterwards must not change the store.
      const stored: StoredEvent = {
        id: event.id,
        type: event.type,
        data: structuredClone(event.data) as Record<string, unknown>,
        metadata: structuredClone(event.metadata),
        streamName: stream,
        revision: current.length,
        globalPosition: checkpointOf(this.log.all.length),
        createdAt,
      };
      current.push(stored);
      this.log.all.push(stored);
      this.log.byId.set(stored.id, stored);
    }
    this.log.streams.set(stream, current);
    for (const wake of this.log.appended) wake();
    const last = current[current.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.globalPosition };
  }

  async read(stream: string): Promise<StoredEvent[]> {
    this.assertOpen();
    return (this.log.streams.get(stream) ?? []).map((event) => structuredClone(event));
  }

  async *subscribeAll(options: SubscribeAllOptions = {}): AsyncIterable<StoredEvent> {
    const { signal } = options;
    let next = options.fromCheckpoint === undefined ? 0 : indexOf(options.fromCheckpoint) + 1;
    while (!this.closed && !signal?.aborted) {
      if (next < this.log.all.length) {
        yield structuredClone(this.log.all[next++]!);
        continue;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.log.appended.delete(wake);
          this.wakeOnClose.delete(wake);
          signal?.removeEventListener('abort', wake);
          resolve();
        };
        this.log.appended.add(wake);
        this.wakeOnClose.add(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of [...this.wakeOnClose]) wake();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the in-memory event store is closed');
  }
}
