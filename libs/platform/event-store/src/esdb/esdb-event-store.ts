/*
 * EventStoreDB adapter, built on @kurrent/kurrentdb-client: the maintained rename of
 * @eventstore/db-client with the same API (EventStoreDB itself is now called KurrentDB; the
 * `expectedRevision` append option is now `streamState`). Connection strings may use esdb://
 * or kurrentdb:// (the client warns that esdb:// is deprecated).
 */
import {
  type AllStreamSubscription,
  type AppendStreamState,
  type CurrentStreamState,
  excludeSystemEvents,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { assertValidAppend, isJsonObject, resultOfRetry, type StoredIdLocation } from '../append-rules';
import { EventStoreClosedError, InvalidAppendError, StreamRevisionConflictError } from '../errors';
import type {
  AppendResult,
  Checkpoint,
  CurrentRevision,
  EventStore,
  EventStoreCapabilities,
  ExpectedRevision,
  NewEvent,
  StoredEvent,
  SubscribeAllOptions,
} from '../event-store';
import { decodeEsdbCheckpoint, encodeEsdbCheckpoint } from './esdb-checkpoint';
import { storedEventFromRecord } from './esdb-event';

export interface EsdbEventStoreOptions {
  /** e.g. `kurrentdb://localhost:2113?tls=false`. */
  connectionString: string;
}

function streamStateFor(expected: ExpectedRevision): AppendStreamState {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

function currentRevisionOf(state: CurrentStreamState): CurrentRevision {
  return state === NO_STREAM ? 'no_stream' : Number(state);
}

/**
 * Cancelling the gRPC call alone does not end the client's stream (cancellation errors are
 * swallowed and nothing ends it), so a loop over it would wait forever; destroying it ends the loop.
 */
async function stopSubscription(subscription: AllStreamSubscription): Promise<void> {
  subscription.destroy();
  await subscription.unsubscribe();
}

/**
 * The production event store. The server checks expected revisions and recognises retries made
 * with the original expected revision; event ids are unique per stream only
 * (`capabilities.uniqueEventIds` is false).
 */
export class EsdbEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities = { uniqueEventIds: false };

  private readonly client: KurrentDBClient;
  private readonly subscriptions = new Set<AllStreamSubscription>();
  private closed = false;

  constructor({ connectionString }: EsdbEventStoreOptions) {
    this.client = KurrentDBClient.connectionString(connectionString);
  }

  async append(stream: string, events: readonly NewEvent<object>[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidAppend(stream, events, expectedRevision);
    const records = events.map(({ id, type, data, metadata }) => {
      if (!isJsonObject(data)) throw new InvalidAppendError(`data of event ${id} must be a JSON object`);
      return jsonEvent({ id, type, data, metadata });
    });
    try {
      const appended = await this.client.appendToStream(stream, records, { streamState: streamStateFor(expectedRevision) });
      const nextExpectedRevision = Number(appended.nextExpectedRevision);
      // The server answers a recognised retry without a position; the stored event has it.
      const position = appended.position
        ? encodeEsdbCheckpoint(appended.position)
        : await this.positionOf(stream, nextExpectedRevision);
      return { nextExpectedRevision, position };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      // A conflict may still be a retry the server did not recognise (e.g. a batch that only
      // partly matches): look the ids up in the stream before calling it a revision conflict.
      const ids = events.map((event) => event.id);
      const stored = await this.storedLocations(stream, ids);
      if (stored.length > 0) return resultOfRetry(stream, ids, stored);
      throw new StreamRevisionConflictError(stream, expectedRevision, currentRevisionOf(error.actualState));
    }
  }

  async read(stream: string): Promise<StoredEvent[]> {
    this.assertOpen();
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream)) {
        if (resolved.event) events.push(storedEventFromRecord(resolved.event, resolved.commitPosition));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  subscribeAll(options: SubscribeAllOptions = {}): AsyncIterable<StoredEvent> {
    return this.follow(options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => stopSubscription(subscription)));
    await this.client.dispose();
  }

  private async *follow({ fromCheckpoint, signal }: SubscribeAllOptions): AsyncGenerator<StoredEvent> {
    this.assertOpen();
    // Subscribing from a position delivers strictly after it, as the port requires.
    const fromPosition = fromCheckpoint === undefined ? START : decodeEsdbCheckpoint(fromCheckpoint);
    if (signal?.aborted) return;
    const subscription = this.client.subscribeToAll({ fromPosition, filter: excludeSystemEvents() });
    this.subscriptions.add(subscription);
    const end = () => void stopSubscription(subscription);
    signal?.addEventListener('abort', end, { once: true });
    try {
      for await (const resolved of subscription) {
        if (resolved.event) yield storedEventFromRecord(resolved.event, resolved.commitPosition);
      }
    } catch (error) {
      // Stopping destroys the stream under the loop; that is the requested end, not a failure.
      if (!this.closed && !signal?.aborted) throw error;
    } finally {
      signal?.removeEventListener('abort', end);
      this.subscriptions.delete(subscription);
      await stopSubscription(subscription);
    }
  }

  private async positionOf(stream: string, revision: number): Promise<Checkpoint> {
    for await (const resolved of this.client.readStream(stream, { fromRevision: BigInt(revision), maxCount: 1 })) {
      if (resolved.event) return storedEventFromRecord(resolved.event, resolved.commitPosition).globalPosition;
    }
    throw new Error(`event ${revision} of "${stream}" was just appended but cannot be read`);
  }

  /** Scans the stream: only reached on a conflict, and Strata's streams are short (one per job). */
  private async storedLocations(stream: string, eventIds: readonly string[]): Promise<StoredIdLocation[]> {
    const wanted = new Set(eventIds);
    const found: StoredIdLocation[] = [];
    for (const event of await this.read(stream)) {
      if (wanted.has(event.id)) {
        found.push({ eventId: event.id, streamName: stream, revision: event.revision, position: event.globalPosition });
      }
    }
    return found;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}
