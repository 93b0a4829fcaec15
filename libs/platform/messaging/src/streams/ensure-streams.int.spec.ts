import { AckPolicy, DiscardPolicy, jetstreamManager, RetentionPolicy, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { subjects } from '@strata/contracts';
import { createLogger } from '@strata/platform-observability';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import { NoRespondersError, StreamSetupError } from '../errors';
import { connectMessaging, type MessagingClient } from '../messaging-client';

const logger = createLogger({ name: 'test', level: 'silent' });

describe('stream setup', () => {
  let nats: TestNats;
  let admin: NatsConnection;
  let jsm: JetStreamManager;
  const namespaces = [uniqueNamespace('streams'), uniqueNamespace('streams')] as const;
  /** One namespace per test that needs a stream of its own. */
  const ownNamespace = (): string => {
    const ns = uniqueNamespace('streams');
    more.push(ns);
    return ns;
  };
  const more: string[] = [];
  const clients: MessagingClient[] = [];

  const client = async (namespace: string): Promise<MessagingClient> => {
    const connected = await connectMessaging({ servers: [nats.url], namespace }, { logger });
    clients.push(connected);
    return connected;
  };

  beforeAll(async () => {
    nats = await useTestNats();
    admin = await connect({ servers: nats.url });
    jsm = await jetstreamManager(admin);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await admin.close();
    for (const namespace of [...namespaces, ...more]) await deleteNamespaceStreams(nats.url, namespace);
    await nats.stop();
  });

  it('creates the four streams in the namespace, concurrently from several services, then leaves them alone', async () => {
    const [ns] = namespaces;
    const services = await Promise.all([client(ns), client(ns), client(ns)]);

    const firstRuns = await Promise.all(services.map((service) => service.ensureStreams()));
    for (const results of firstRuns) {
      expect(results.map((r) => r.stream).sort()).toEqual([`${ns}_BATCHES`, `${ns}_EVENTS`, `${ns}_LOGS`, `${ns}_WORK`]);
    }

    const events = await jsm.streams.info(`${ns}_EVENTS`);
    expect(events.config).toMatchObject({ subjects: [`${ns}.events.>`], retention: 'limits', storage: 'file', duplicate_window: 120_000_000_000 });
    expect((await jsm.streams.info(`${ns}_WORK`)).config).toMatchObject({ subjects: [`${ns}.work.>`], retention: 'workqueue' });
    expect((await jsm.streams.info(`${ns}_BATCHES`)).config.subjects).toEqual([`${ns}.discovery.batches.>`]);
    const logs = await jsm.streams.info(`${ns}_LOGS`);
    expect(logs.config.subjects).toEqual([`${ns}.logs.>`]);
    expect(logs.config.max_msgs_per_subject).toBeGreaterThan(0);

    const again = await services[0]!.ensureStreams();
    expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  it('brings a stream to changed settings, and refuses a change the server cannot make', async () => {
    const [ns] = namespaces;
    const service = await client(ns);
    const hour = 60 * 60 * 1000;

    const [updated] = await service.ensureStreams({ only: ['logs'], overrides: { logs: { maxAgeMs: hour } } });
    expect(updated).toEqual({ stream: `${ns}_LOGS`, outcome: 'updated' });
    expect((await jsm.streams.info(`${ns}_LOGS`)).config.max_age).toBe(hour * 1_000_000);

    await expect(service.ensureStreams({ only: ['logs'], overrides: { logs: { maxAgeMs: hour, storage: 'memory' } } })).rejects.toThrow(
      StreamSetupError,
    );
  });

  it('lets BATCHES drop a batch once its consumer has stored (acknowledged) it, and keeps every other', async () => {
    const ns = ownNamespace();
    const service = await client(ns);
    await service.ensureStreams({ only: ['batches'] });
    const stored: number[] = [];
    await service.consume<{ n: number }>({
      stream: 'batches',
      durable: 'inventory',
      filterSubject: 'discovery.batches.>',
      // The failing one waits for its next attempt, unacknowledged, for the rest of this test.
      backoff: { initialDelayMs: 600_000 },
      handler: async ({ data }) => {
        if (data.n === 2) throw new Error('not stored');
        stored.push(data.n);
      },
    });
    for (const n of [1, 2, 3]) await service.publish(subjects.batches('acme', 'job-1'), { n }, { msgId: `b${n}` });
    await waitFor(() => stored.length === 2, { message: 'two batches stored' });
    await waitFor(async () => (await jsm.streams.info(`${ns}_BATCHES`)).state.messages === 1, { message: 'the stored batches to leave the stream' });
    const left = await jsm.streams.getMessage(`${ns}_BATCHES`, { seq: 2 });
    expect(left?.json<{ n: number }>()).toEqual({ n: 2 });
  });

  it('recreates a BATCHES stream of the old (limits) retention once everything in it was stored, and keeps it until then', async () => {
    const ns = ownNamespace();
    const name = `${ns}_BATCHES`;
    const old = { name, subjects: [`${ns}.discovery.batches.>`], retention: RetentionPolicy.Limits, discard: DiscardPolicy.Old, max_age: 7 * 24 * 3600 * 1e9 };
    await jsm.streams.add({ ...old });
    const service = await client(ns);
    for (const n of [1, 2]) await service.publish(subjects.batches('acme', 'job-1'), { n }, { msgId: `b${n}` });
    // The old inventory consumer has stored the first batch only.
    await jsm.consumers.add(name, { durable_name: 'inventory', ack_policy: AckPolicy.Explicit, filter_subject: `${ns}.discovery.batches.>` });
    const consumer = await jsm.jetstream().consumers.get(name, 'inventory');
    (await consumer.next())!.ack();
    await waitFor(async () => (await jsm.consumers.info(name, 'inventory')).num_pending === 1, { message: 'the first batch acknowledged' });

    const [kept] = await service.ensureStreams({ only: ['batches'] });
    expect(kept).toMatchObject({ stream: name, outcome: 'kept' });
    const stillOld = await jsm.streams.info(name);
    expect(stillOld.config).toMatchObject({ retention: 'limits', subjects: old.subjects });
    expect(stillOld.state.messages).toBe(2);
    // Still takes batches while it waits.
    await service.publish(subjects.batches('acme', 'job-1'), { n: 3 }, { msgId: 'b3' });

    for (let n = 0; n < 2; n++) (await consumer.next())!.ack();
    await waitFor(async () => (await jsm.consumers.info(name, 'inventory')).num_pending === 0, { message: 'every batch acknowledged' });
    await waitFor(async () => (await jsm.consumers.info(name, 'inventory')).num_ack_pending === 0, { message: 'the acks to land' });
    const [recreated] = await service.ensureStreams({ only: ['batches'] });
    expect(recreated).toEqual({ stream: name, outcome: 'recreated' });
    expect((await jsm.streams.info(name)).config).toMatchObject({ retention: 'workqueue', subjects: old.subjects });
    expect((await service.ensureStreams({ only: ['batches'] }))[0]).toEqual({ stream: name, outcome: 'unchanged' });
    await expect(service.publish(subjects.batches('acme', 'job-2'), { n: 4 }, { msgId: 'b4' })).resolves.toMatchObject({ stream: name });
  });

  it('keeps two namespaces apart: neither stores nor answers the other’s messages', async () => {
    const [one, two] = namespaces;
    const first = await client(one);
    const second = await client(two);
    await first.ensureStreams({ only: ['events'] });
    await second.ensureStreams({ only: ['events'] });

    await first.publish(subjects.event('acme', 'job', 'JobStarted'), { job: 1 }, { msgId: 'job-1-started' });
    expect((await jsm.streams.info(`${one}_EVENTS`)).state.messages).toBe(1);
    expect((await jsm.streams.info(`${two}_EVENTS`)).state.messages).toBe(0);

    const responder = second.serve('strata.ping', () => 'pong');
    try {
      await expect(second.request('strata.ping', undefined)).resolves.toBe('pong');
      await expect(first.request('strata.ping', undefined, { timeoutMs: 2_000 })).rejects.toThrow(NoRespondersError);
    } finally {
      await responder.stop();
    }
  });
});
