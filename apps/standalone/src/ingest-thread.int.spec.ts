import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchMsgId, subjects, type ResourceBatch } from '@strata/contracts';
import { nodesCollection } from '@strata/inventory-feature';
import { connectMessaging, type MessagingClient } from '@strata/platform-messaging';
import { LoopHealth } from '@strata/platform-observability';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import type { ServiceThread } from '@strata/platform-runtime';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import { INGEST_THREAD_LOOP, ingestThread } from './standalone.module';

const TENANT = 'acme-corp';

/*
 * The standalone app's ingest thread (ingest-thread.ts: inventory and the audit engine) on a
 * NATS connection and a read store connection of its own: it ingests what is published, shows in
 * the app's health while it cannot start and starts again once it can, and stops when asked,
 * its consumers no longer pulling.
 */
describe('the ingest thread', () => {
  const ns = uniqueNamespace('ingthread');
  let nats: TestNats;
  let client: MessagingClient;
  let dir: string;
  let readStore: ReadStore;
  const health = new LoopHealth();
  const threads: ServiceThread[] = [];

  const startThread = (storeFile: string): ServiceThread => {
    const thread = ingestThread({ ...process.env, NATS_URL: nats.url, STRATA_NS: ns, STRATA_READ_STORE: `sqlite:${storeFile}`, LOG_LEVEL: 'fatal' }, health);
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
});
