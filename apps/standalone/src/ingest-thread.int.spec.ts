import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchMsgId, eventEnvelope, subjects, type ResourceBatch } from '@strata/contracts';
import { eventFeedCollection } from '@strata/events-feature';
import { nodesCollection } from '@strata/inventory-feature';
import { deliveryIdFor, webhookDeliveriesCollection, webhooksCollection } from '@strata/notify-feature';
import { connectMessaging, type MessagingClient } from '@strata/platform-messaging';
import { LoopHealth } from '@strata/platform-observability';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { SecretKey, sealSecret } from '@strata/platform-secrets';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import { INGEST_THREAD_LOOP, ingestThread } from './standalone.module';

const TENANT = 'acme-corp';

/*
 * The standalone app's ingest thread (ingest-thread.ts: inventory, the audit engine, the event
 * feed recorder and the notifier's delivery recording) on a NATS connection and a read store
 * connection of its own: it ingests what is published, records every event in the feed and as
 * deliveries to the webhooks that want it (telling the app's side, whose sender attempts them),
 * shows in the app's health while it cannot start and starts again once it can, and stops when
 * asked, its consumers no longer pulling.
 */
describe('the ingest thread', () => {
  const ns = uniqueNamespace('ingthread');
  let nats: TestNats;
  let client: MessagingClient;
  let dir: string;
  let readStore: ReadStore;
  const health = new LoopHealth();
  const threads: ReturnType<typeof ingestThread>[] = [];
  let deliveriesRecorded = 0;

  const startThread = (storeFile: string): ReturnType<typeof ingestThread> => {
    const thread = ingestThread(
      { ...process.env, NATS_URL: nats.url, STRATA_NS: ns, STRATA_READ_STORE: `sqlite:${storeFile}`, LOG_LEVEL: 'fatal' },
      { health, onDeliveriesRecorded: () => deliveriesRecorded++ },
    );
    threads.push(thread);
    thread.start();
    return thread;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-ingthread-'));
    nats = await useTestNats();
    client = await connectMessaging({ servers: [nats.url], namespace: ns });
    await client.ensureStreams();
  });

  afterAll(async () => {
    for (const thread of threads) await thread.stop();
    await readStore?.close();
    await client?.close();
    await deleteNamespaceStreams(nats.url, ns);
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function publishBatch(nodeId: string): Promise<void> {
    const batch: ResourceBatch = {
      tenantId: TENANT,
      jobId: `job-${randomUUID()}`,
      plugin: 'demo',
      attempt: 1,
      sequence: 0,
      scope: 'demo:acme',
      nodes: [{ id: nodeId, type: 'aws.ec2.instance', provider: 'aws', name: nodeId, account: '1', region: 'eu-west-1', tags: {}, attributes: {} }],
      edges: [],
    };
    await client.publish(subjects.batches(TENANT, batch.jobId), batch, { msgId: batchMsgId(batch) });
  }

  const stored = async (nodeId: string) => (await readStore.collection(nodesCollection).forTenant(TENANT).get(nodeId)) !== undefined;

  it('shows as down while it cannot start, starts once it can, and ingests into the store through its own connection', async () => {
    // A file where the store's directory should be: the thread cannot open its store.
    const blocked = join(dir, 'data');
    await writeFile(blocked, '');
    const storeFile = join(blocked, 'strata.db');
    startThread(storeFile);
    await waitFor(() => health.downLoops().some((loop) => loop.name === INGEST_THREAD_LOOP), { message: 'the thread to show as down' });

    await rm(blocked);
    await mkdir(blocked);
    readStore = openSqliteReadStore(storeFile);
    await publishBatch('i-first');
    await waitFor(() => stored('i-first'), { timeoutMs: 30_000, message: 'the restarted thread to ingest the batch' });
    await waitFor(() => health.downLoops().length === 0, { message: () => `nothing down: ${JSON.stringify(health.downLoops())}` });
  });

  it('on stop closes its app: nothing is consumed afterwards, and a new thread takes up what waits', async () => {
    await threads[0]!.stop();
    expect(health.downLoops()).toEqual([]);
    await publishBatch('i-after-stop');
    await new Promise((done) => setTimeout(done, 1_500));
    expect(await stored('i-after-stop')).toBe(false);

    startThread(join(dir, 'data', 'strata.db'));
    await waitFor(() => stored('i-after-stop'), { timeoutMs: 30_000, message: 'the new thread to ingest what waited' });
  });

  it('records every event in the feed, and a delivery for each webhook that wants it, telling the app side', async () => {
    const webhooks = readStore.collection(webhooksCollection).forTenant(TENANT);
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
    await webhooks.upsert('wh-findings', webhook('wh-findings', ['finding.*']));
    await webhooks.upsert('wh-jobs', webhook('wh-jobs', ['job.*']));
    const before = deliveriesRecorded;

    const event = eventEnvelope({ id: randomUUID(), category: 'finding', name: 'FindingOpened', tenantId: TENANT, time: now, data: { finding_id: 'f-1' } });
    await client.publish(subjects.event(TENANT, 'finding', 'FindingOpened'), event, { msgId: event.id });

    await waitFor(async () => (await readStore.collection(eventFeedCollection).forTenant(TENANT).get(event.id)) !== undefined, { timeoutMs: 30_000, message: 'the event in the feed' });
    expect((await readStore.collection(eventFeedCollection).forTenant(TENANT).get(event.id))!.event).toEqual(event);
    const deliveries = readStore.collection(webhookDeliveriesCollection).forTenant(TENANT);
    await waitFor(async () => (await deliveries.get(deliveryIdFor(event.id, 'wh-findings'))) !== undefined, { timeoutMs: 30_000, message: 'the delivery recorded' });
    expect(await deliveries.get(deliveryIdFor(event.id, 'wh-findings'))).toMatchObject({ webhook_id: 'wh-findings', event_id: event.id, status: 'pending', attempt: 0 });
    expect(await deliveries.get(deliveryIdFor(event.id, 'wh-jobs'))).toBeUndefined();
    await waitFor(() => deliveriesRecorded > before, { message: 'the app side told of the new delivery' });
  });
});
