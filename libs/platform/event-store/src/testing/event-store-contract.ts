import { randomUUID } from 'node:crypto';
import { EventIdConflictError, InvalidAppendError, InvalidCheckpointError, StreamRevisionConflictError } from '../errors';
import type { EventMetadata, EventStore, EventStoreCapabilities, NewEvent } from '../event-store';
import { failureOf } from './failure-of';
import { Follower } from './follower';

/**
 * The behaviour every event store adapter must have. An adapter's integration spec calls this
 * with a way to open a store; each test opens its own and closes it. Stream names are unique per
 * test, so a store shared with other runs (a real EventStoreDB) works too. `capabilities` are
 * what the adapter claims; tests of guarantees it does not claim are skipped, visibly.
 */
export function describeEventStoreContract(
  adapter: string,
  openStore: () => Promise<EventStore>,
  capabilities: EventStoreCapabilities,
): void {
  const withUniqueIds = capabilities.uniqueEventIds ? it : it.skip;

  describe(`event store contract: ${adapter}`, () => {
    let store: EventStore;
    let prefix: string;
    const opened: EventStore[] = [];
    const followers: Follower[] = [];

    const open = async () => {
      const another = await openStore();
      opened.push(another);
      return another;
    };
    const follow = (from?: string, signal?: AbortSignal) => {
      const follower = new Follower(
        store.subscribeAll({ ...(from === undefined ? {} : { fromCheckpoint: from }), ...(signal ? { signal } : {}) }),
        (event) => event.streamName.startsWith(prefix),
      );
      followers.push(follower);
      return follower;
    };
    const streamName = (label: string) => `${prefix}${label}`;

    beforeEach(async () => {
      prefix = `c${randomUUID().slice(0, 8)}-`;
      store = await open();
    });
    afterEach(async () => {
      await Promise.all(followers.splice(0).map((follower) => follower.stop()));
      await Promise.all(opened.splice(0).map((each) => each.close()));
    });

    it('claims the capabilities it is tested for', () => {
      expect(store.capabilities).toEqual(capabilities);
    });

    describe('append and read', () => {
      it('stores a batch with 0-based revisions and reads it back with everything it was given', async () => {
        const stream = streamName('job-1');
        const batch = [
          newEvent('JobCreated', { name: 'scan', nested: { tags: ['a', 'b'], count: 2 } }, { correlationId: 'corr-1' }),
          newEvent('JobStarted', { at: 1 }, { causationId: 'cause-1', traceparent: TRACEPARENT, tracestate: 'vendor=1', extra: 42 }),
        ];

        const result = await store.append(stream, batch, 'no_stream');
        const stored = await store.read(stream);

        expect(result.nextExpectedRevision).toBe(1);
        expect(stored.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }))).toEqual(batch);
        expect(stored.map((event) => [event.streamName, event.revision])).toEqual([
          [stream, 0],
          [stream, 1],
        ]);
        expect(stored[1]!.globalPosition).toBe(result.position);
        for (const event of stored) expect(new Date(event.createdAt).toISOString()).toBe(event.createdAt);
      });

      it('reads a stream that does not exist as empty', async () => {
        expect(await store.read(streamName('never-written'))).toEqual([]);
      });

      it('keeps each stream to itself', async () => {
        await store.append(streamName('a'), [newEvent('A')], 'no_stream');
        await store.append(streamName('b'), [newEvent('B'), newEvent('B')], 'no_stream');

        expect((await store.read(streamName('a'))).map((event) => event.type)).toEqual(['A']);
        expect((await store.read(streamName('b'))).map((event) => [event.type, event.revision])).toEqual([
          ['B', 0],
          ['B', 1],
        ]);
      });

      it.each([
        ['an empty batch', () => []],
        ['a repeated id', () => repeatedIdBatch()],
        ['a non-UUID id', () => [{ ...newEvent('A'), id: 'not-a-uuid' }]],
        ['an upper-case UUID', () => [{ ...newEvent('A'), id: randomUUID().toUpperCase() }]],
        ['a system ($) event type', () => [newEvent('$metadata')]],
        ['a missing tenant', () => [{ ...newEvent('A'), metadata: { tenantId: '' } }]],
      ])('refuses %s without writing', async (_case, batch: () => NewEvent[]) => {
        const stream = streamName('invalid');
        expect(await failureOf(store.append(stream, batch(), 'any'))).toBeInstanceOf(InvalidAppendError);
        expect(await store.read(stream)).toEqual([]);
      });
    });

    describe('expected revision', () => {
      it('appends at the exact revision and after "any"', async () => {
        const stream = streamName('exact');
        const first = await store.append(stream, [newEvent('A')], 'no_stream');
        const second = await store.append(stream, [newEvent('B')], first.nextExpectedRevision);
        const third = await store.append(stream, [newEvent('C')], 'any');
        const fresh = await store.append(streamName('fresh'), [newEvent('D')], 'any');

        expect([first, second, third].map((result) => result.nextExpectedRevision)).toEqual([0, 1, 2]);
        expect(fresh.nextExpectedRevision).toBe(0);
        expect((await store.read(stream)).map((event) => event.type)).toEqual(['A', 'B', 'C']);
      });

      it.each([
        ['no_stream', 'an existing stream', 1, 'no_stream' as const, 0],
        ['a stale revision', 'a stream that moved on', 2, 0, 1],
        ['a revision ahead', 'a shorter stream', 1, 5, 0],
        ['a revision', 'a stream that does not exist', 0, 0, 'no_stream' as const],
      ])('reports a conflict for %s on %s and writes nothing', async (_expectation, _state, existing, expected, actual) => {
        const stream = streamName('conflict');
        for (let i = 0; i < existing; i++) await store.append(stream, [newEvent('Existing')], 'any');

        const error = await failureOf(store.append(stream, [newEvent('Late')], expected));

        expect(error).toBeInstanceOf(StreamRevisionConflictError);
        expect(error).toMatchObject({ stream, expected, actual });
        expect((await store.read(stream)).map((event) => event.type)).toEqual(Array<string>(existing).fill('Existing'));
      });

      it('lets exactly one of two concurrent appends at the same revision win', async () => {
        const stream = streamName('race');
        await store.append(stream, [newEvent('Start')], 'no_stream');
        const other = await open();

        const outcomes = await Promise.allSettled([
          store.append(stream, [newEvent('Left')], 0),
          other.append(stream, [newEvent('Right')], 0),
        ]);

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const [failure] = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
        expect(failure).toBeInstanceOf(StreamRevisionConflictError);
        expect(await store.read(stream)).toHaveLength(2);
      });
    });

    describe('idempotency by event id', () => {
      it('answers a repeated append with the original result and stores the events once', async () => {
        const stream = streamName('retry');
        const batch = [newEvent('A'), newEvent('B')];
        const original = await store.append(stream, batch, 'no_stream');

        expect(await store.append(stream, batch, 'no_stream')).toEqual(original);
        expect((await store.read(stream)).map((event) => event.id)).toEqual(batch.map((event) => event.id));
      });

      it('recognises a retry with the original expected revision after the stream moved on', async () => {
        const stream = streamName('moved-on');
        await store.append(stream, [newEvent('First')], 'no_stream');
        const batch = [newEvent('A'), newEvent('B')];
        const original = await store.append(stream, batch, 0);
        await store.append(stream, [newEvent('Later')], original.nextExpectedRevision);

        expect(await store.append(stream, batch, 0)).toEqual(original);
        expect((await store.read(stream)).map((event) => event.type)).toEqual(['First', 'A', 'B', 'Later']);
      });

      it('refuses a batch that only partly matches stored events, writing none of it', async () => {
        const stream = streamName('partial');
        const [a, b] = [newEvent('A'), newEvent('B')];
        await store.append(stream, [a, b], 'no_stream');

        const error = await failureOf(store.append(stream, [a, newEvent('C')], 'no_stream'));

        expect(error).toBeInstanceOf(EventIdConflictError);
        expect(error).toMatchObject({ stream, reason: 'does_not_match_stored_events' });
        expect((await store.read(stream)).map((event) => event.type)).toEqual(['A', 'B']);
      });

      it('refuses stored ids in another order', async () => {
        const stream = streamName('reordered');
        const [a, b] = [newEvent('A'), newEvent('B')];
        await store.append(stream, [a, b], 'no_stream');

        const error = await failureOf(store.append(stream, [b, a], 'no_stream'));

        expect(error).toMatchObject({ reason: 'does_not_match_stored_events' });
        expect(await store.read(stream)).toHaveLength(2);
      });

      describe('where event ids are unique in the whole store (capability uniqueEventIds)', () => {
        withUniqueIds('recognises a retry with "any" after the stream moved on', async () => {
          const stream = streamName('any-retry');
          const batch = [newEvent('A')];
          const original = await store.append(stream, batch, 'any');
          await store.append(stream, [newEvent('Later')], 'any');

          expect(await store.append(stream, batch, 'any')).toEqual(original);
          expect(await store.read(stream)).toHaveLength(2);
        });

        withUniqueIds('refuses an id already stored in another stream', async () => {
          const event = newEvent('A');
          await store.append(streamName('first'), [event], 'no_stream');

          const error = await failureOf(store.append(streamName('second'), [event], 'no_stream'));

          expect(error).toBeInstanceOf(EventIdConflictError);
          expect(error).toMatchObject({ reason: 'used_in_another_stream', eventIds: [event.id] });
          expect(await store.read(streamName('second'))).toEqual([]);
        });

        withUniqueIds('refuses a stored id appended again behind a new one at the current revision', async () => {
          const stream = streamName('reuse');
          const stored = newEvent('A');
          const { nextExpectedRevision } = await store.append(stream, [stored], 'no_stream');

          const error = await failureOf(store.append(stream, [newEvent('B'), stored], nextExpectedRevision));

          expect(error).toMatchObject({ reason: 'does_not_match_stored_events', eventIds: [stored.id] });
          expect(await store.read(stream)).toHaveLength(1);
        });
      });
    });

    describe('subscribeAll', () => {
      it('delivers every stream in append order: stored events first, then live ones', async () => {
        await store.append(streamName('x'), [newEvent('X1')], 'no_stream');
        await store.append(streamName('y'), [newEvent('Y1'), newEvent('Y2')], 'no_stream');
        const follower = follow();

        const caughtUp = await follower.take(3);
        const live = follower.take(3);
        await store.append(streamName('x'), [newEvent('X2')], 0);
        await store.append(streamName('z'), [newEvent('Z1'), newEvent('Z2')], 'no_stream');

        const all = [...caughtUp, ...(await live)];
        expect(all.map((event) => event.type)).toEqual(['X1', 'Y1', 'Y2', 'X2', 'Z1', 'Z2']);
      });

      it('delivers events appended through another connection', async () => {
        const follower = follow();
        const writer = await open();
        const live = follower.take(1);

        await writer.append(streamName('elsewhere'), [newEvent('Remote')], 'no_stream');

        expect((await live).map((event) => event.type)).toEqual(['Remote']);
      });

      it('resumes strictly after a checkpoint', async () => {
        const stream = streamName('resume');
        await store.append(stream, [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
        const [, b] = await store.read(stream);

        const follower = follow(b!.globalPosition);
        const resumed = await follower.take(1);
        const live = follower.take(1);
        await store.append(stream, [newEvent('D')], 2);

        expect([...resumed, ...(await live)].map((event) => event.type)).toEqual(['C', 'D']);
      });

      it('resuming from the position an append returned delivers only later events', async () => {
        const { position } = await store.append(streamName('p'), [newEvent('Before')], 'no_stream');
        const follower = follow(position);
        const live = follower.take(1);

        await store.append(streamName('p'), [newEvent('After')], 0);

        expect((await live).map((event) => event.type)).toEqual(['After']);
      });

      it('feeds several subscribers independently', async () => {
        await store.append(streamName('shared'), [newEvent('A')], 'no_stream');
        const [first, second] = [follow(), follow()];

        expect((await first.take(1))[0]!.type).toBe('A');
        const laterForFirst = first.take(1);
        const bothForSecond = second.take(2);
        await store.append(streamName('shared'), [newEvent('B')], 0);

        expect((await laterForFirst).map((event) => event.type)).toEqual(['B']);
        expect((await bothForSecond).map((event) => event.type)).toEqual(['A', 'B']);
      });

      it('ends a waiting subscription when its signal aborts', async () => {
        const abort = new AbortController();
        await store.append(streamName('abort'), [newEvent('A')], 'no_stream');
        const follower = follow(undefined, abort.signal);
        await follower.take(1);

        const ended = follower.ends();
        abort.abort();

        expect(await ended).toBe(true);
      });

      it('ends when the consumer breaks out of the loop', async () => {
        await store.append(streamName('break'), [newEvent('A'), newEvent('B')], 'no_stream');
        const seen: string[] = [];

        for await (const event of store.subscribeAll()) {
          if (!event.streamName.startsWith(prefix)) continue;
          seen.push(event.type);
          break;
        }

        expect(seen).toEqual(['A']);
      });

      it('ends a waiting subscription when the store closes', async () => {
        await store.append(streamName('close'), [newEvent('A')], 'no_stream');
        const follower = follow();
        await follower.take(1);

        const ended = follower.ends();
        await store.close();

        expect(await ended).toBe(true);
      });

      it('refuses a checkpoint this store cannot have made', async () => {
        const follower = follow('not a checkpoint');
        expect(await failureOf(follower.take(1))).toBeInstanceOf(InvalidCheckpointError);
      });
    });
  });
}

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function newEvent(type: string, data: Record<string, unknown> = {}, metadata: Partial<EventMetadata> = {}): NewEvent {
  return { id: randomUUID(), type, data, metadata: { tenantId: 'acme-corp', ...metadata } };
}

function repeatedIdBatch(): NewEvent[] {
  const event = newEvent('A');
  return [event, { ...event }];
}

