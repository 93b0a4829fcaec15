import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventEnvelope, subjects } from '@strata/contracts';
import { eventFeedCollection } from '@strata/events-feature';
import { deliveryIdFor, webhookDeliveriesCollection, webhooksCollection } from '@strata/notify-feature';
import { connectMessaging, type MessagingClient } from '@strata/platform-messaging';
import { LoopHealth } from '@strata/platform-observability';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { SecretKey, sealSecret } from '@strata/platform-secrets';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import { eventsThread } from './standalone.module';

const TENANT = 'acme-corp';

/*
 * The standalone app's events thread (events-thread.ts: the event feed recorder and the
 * notifier's delivery recording) on a NATS connection and a read store connection of its own: it
 * records every event in the feed and as deliveries to the webhooks that want it, telling the
 * app's side (whose sender attempts them), and stops when asked, its consumers no longer pulling.
 */
describe('the events thread', () => {
  const ns = uniqueNamespace('evthread');
  let nats: TestNats;
  let client: MessagingClient;
  let dir: string;
  let readStore: ReadStore;
  const health = new LoopHealth();
  let thread: ReturnType<typeof eventsThread> | undefined;
  let deliveriesRecorded = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-evthread-'));
    nats = await useTestNats();
    client = await connectMessaging({ servers: [nats.url], namespace: ns });
    await client.ensureStreams();
    const storeFile = join(dir, 'strata.db');
    readStore = openSqliteReadStore(storeFile);
    thread = eventsThread(
      { ...process.env, NATS_URL: nats.url, STRATA_NS: ns, STRATA_READ_STORE: `sqlite:${storeFile}`, LOG_LEVEL: 'fatal' },
      { health, onDeliveriesRecorded: () => deliveriesRecorded++ },
    );
    thread.start();
  });

  afterAll(async () => {
    await thread?.stop();
    await readStore?.close();
    await client?.close();
    await deleteNamespaceStreams(nats.url, ns);
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const feedEntry = (id: string) => readStore.collection(eventFeedCollection).forTenant(TENANT).get(id);
  const publish = async (name: string) => {
    const event = eventEnvelope({ id: randomUUID(), category: 'finding', name, tenantId: TENANT, time: new Date().toISOString(), data: { finding_id: 'f-1' } });
    await client.publish(subjects.event(TENANT, 'finding', name), event, { msgId: event.id });
    return event;
  };

  it('records every event in the feed, and a delivery for each webhook that wants it, telling the app side', async () => {
    const now = new Date().toISOString();
    const webhook = (id: string, events: string[]) => ({
      id,
      url: `https://hooks.example.com/${id}`,
      events,
      is_active: true,
      description: null,
      sealed: sealSecret(SecretKey.generate(), { secret: 'never-opened-here' }, id),
      secret_last4: 'here',
      created_at: now,
      updated_at: now,
    });
    const webhooks = readStore.collection(webhooksCollection).forTenant(TENANT);
    await webhooks.upsert('wh-findings', webhook('wh-findings', ['finding.*']));
    await webhooks.upsert('wh-jobs', webhook('wh-jobs', ['job.*']));
    // The delivery recording's durable starts at the stream's end: wait until the thread consumes
    // (the feed's durable takes the stream from its start).
    const first = await publish('FindingOpened');
    await waitFor(async () => (await feedEntry(first.id)) !== undefined, { timeoutMs: 30_000, message: 'the thread to start and record the first event' });

    const event = await publish('FindingOpened');
    await waitFor(async () => (await feedEntry(event.id)) !== undefined, { timeoutMs: 30_000, message: 'the event in the feed' });
    expect((await feedEntry(event.id))!.event).toEqual(event);
    const deliveries = readStore.collection(webhookDeliveriesCollection).forTenant(TENANT);
    await waitFor(async () => (await deliveries.get(deliveryIdFor(event.id, 'wh-findings'))) !== undefined, { timeoutMs: 30_000, message: 'the delivery recorded' });
    expect(await deliveries.get(deliveryIdFor(event.id, 'wh-findings'))).toMatchObject({ webhook_id: 'wh-findings', event_id: event.id, status: 'pending', attempt: 0 });
    expect(await deliveries.get(deliveryIdFor(event.id, 'wh-jobs'))).toBeUndefined();
    await waitFor(() => deliveriesRecorded > 0, { message: 'the app side told of the new delivery' });
    expect(health.downLoops()).toEqual([]);
  });

  it('on stop closes its app: nothing is consumed afterwards', async () => {
    await thread!.stop();
    const after = await publish('FindingResolved');
    await new Promise((done) => setTimeout(done, 1_500));
    expect(await feedEntry(after.id)).toBeUndefined();
  });
});
