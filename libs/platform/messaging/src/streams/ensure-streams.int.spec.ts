import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { subjects } from '@strata/contracts';
import { createLogger } from '@strata/platform-observability';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, type TestNats } from '@strata/testing';
import { NoRespondersError, StreamSetupError } from '../errors';
import { connectMessaging, type MessagingClient } from '../messaging-client';

const logger = createLogger({ name: 'test', level: 'silent' });

describe('stream setup', () => {
  let nats: TestNats;
  let admin: NatsConnection;
  let jsm: JetStreamManager;
  const namespaces = [uniqueNamespace('streams'), uniqueNamespace('streams')] as const;
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
    for (const namespace of namespaces) await deleteNamespaceStreams(nats.url, namespace);
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
