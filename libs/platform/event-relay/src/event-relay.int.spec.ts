import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { SqliteEventStore } from '@strata/platform-event-store';
import type { MessagingClient } from '@strata/platform-messaging';
import type { CheckpointStore, ReadStore } from '@strata/platform-read-store';
import { breakingFirstSubscription, openServiceFixture, RecordingLoopHealth, type ServiceFixture } from '@strata/service-testing';
import { waitFor } from '@strata/testing';
import { EventRelay } from './event-relay';
import { eventSubject } from './event-subject';

const newEvent = (type: string, tenantId = 'acme-corp') => ({ id: randomUUID(), type, data: { n: 1 }, metadata: { tenantId } });

describe('EventRelay', () => {
  let fixture: ServiceFixture;
  let namespace: string;
  let messaging: MessagingClient;
  let events: SqliteEventStore;
  let readStore: ReadStore;

  beforeAll(async () => {
    fixture = await openServiceFixture('relay');
    ({ namespace, messaging, readStore } = fixture);
    events = new SqliteEventStore({ path: fixture.dbPath });
  });

  afterAll(async () => {
    await events?.close();
    await fixture?.close();
  });

  it('names subjects by tenant, stream category and type', () => {
    expect(eventSubject({ streamName: 'job-abc', type: 'JobStarted', metadata: { tenantId: 'acme-corp' } })).toBe('events.acme-corp.job.JobStarted');
    expect(() => eventSubject({ streamName: 'job-abc', type: 'JobStarted', metadata: { tenantId: 'a.b' } })).toThrow();
  });

  it('publishes stored events in order, resumes from its checkpoint, and never publishes one twice', async () => {
    await events.append('job-1', [newEvent('JobRequested'), newEvent('JobStarted')], 'no_stream');
    const first = new EventRelay({ events, messaging, checkpoints: readStore.checkpoints, retryDelayMs: 50 });
    first.start();
    await waitFor(() => first.count === 2, { message: 'two events relayed' });
    await first.stop();

    await events.append('job-1', [newEvent('JobCompleted')], 1);
    const second = new EventRelay({ events, messaging, checkpoints: readStore.checkpoints, retryDelayMs: 50 });
    second.start();
    await waitFor(() => second.count === 1, { message: 'the third event relayed after restart' });
    await second.stop();

    const jsm = await jetstreamManager(messaging.connection);
    const info = await jsm.streams.info(`${namespace}_EVENTS`);
    expect(info.state.messages).toBe(3);
    const last = await jsm.streams.getMessage(`${namespace}_EVENTS`, { last_by_subj: `${namespace}.events.acme-corp.job.JobCompleted` });
    // The envelope, exactly: no stream position, no metadata.
    const [, , completed] = await events.read('job-1');
    expect(last?.json()).toEqual({ id: completed!.id, type: 'job.JobCompleted', tenant_id: 'acme-corp', time: completed!.createdAt, version: 1, data: { n: 1 } });
  });

  it('restarts after its store subscription and its checkpoint write fail, shows down meanwhile, and publishes every event once', async () => {
    const tenantId = 'flaky-corp';
    for (let n = 0; n < 6; n++) await events.append(`job-flaky-${n}`, [newEvent('JobRequested', tenantId)], 'no_stream');
    const flaky = breakingFirstSubscription(events, 2);
    let writes = 0;
    const flakyCheckpoints: CheckpointStore = {
      get: (name) => readStore.checkpoints.get(name),
      set: async (name, value) => {
        // One write fails once the relay is back: the event before it was published, not checkpointed.
        if (++writes === 5) throw new Error('checkpoint write failed');
        return readStore.checkpoints.set(name, value);
      },
    };
    const health = new RecordingLoopHealth();
    const relay = new EventRelay({ events: flaky.store, messaging, checkpoints: flakyCheckpoints, name: 'relay:flaky', health, restartBackoffMs: 20 });
    relay.start();
    const jsm = await jetstreamManager(messaging.connection);
    const published = async () => {
      const info = await jsm.streams.info(`${namespace}_EVENTS`, { subjects_filter: `${namespace}.events.${tenantId}.>` });
      return Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
    };
    await waitFor(
      async () => relay.restarts === 2 && (await published()) === 6 && health.downLoops().length === 0,
      { message: 'the relay to come back twice and publish all six events' },
    );
    await relay.stop();
    // Nothing lost, nothing published twice: re-sent events carried their ids into the duplicate window.
    expect(await published()).toBe(6);
    expect(flaky.subscriptions()).toBe(3);
    // Shown down after each failure, up again once it relayed.
    expect(health.failures).toEqual(['relay:flaky', 'relay:flaky']);
  });

  it('stops at once while waiting to retry a failed publish, with nothing left pending', async () => {
    const timeoutsBefore = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    await events.append('job-2', [newEvent('JobRequested')], 'no_stream');
    let attempts = 0;
    const failing: MessagingClient = Object.create(messaging) as MessagingClient;
    failing.publish = async () => {
      attempts += 1;
      throw new Error('NATS unreachable');
    };
    // A retry delay far beyond the test's timeout: stop() returning at all shows it did not wait.
    const relay = new EventRelay({ events, messaging: failing, checkpoints: readStore.checkpoints, name: 'relay:failing', retryDelayMs: 600_000 });
    relay.start();
    await waitFor(() => attempts === 1, { message: 'a first publish attempt' });
    await relay.stop();
    expect(attempts).toBe(1);
    expect(process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length).toBeLessThanOrEqual(timeoutsBefore);
  });
});
