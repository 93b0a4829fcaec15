import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { INestMicroservice } from '@nestjs/common';
import { subjects, workItemMsgId, type DiscoveryWorkItem, type JobReport, type ResourceBatch } from '@strata/contracts';
import { connectMessaging, type MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import { DemoEstate, demoPlugin } from '@strata/plugins-demo';
import { startNatsTransport } from '@strata/service-testing';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import { DemoOnlyCredentialResolver } from './credentials/demo-only-credential-resolver';
import { MessageCollector } from './fixtures/message-collector';
import { DiscoveryWorkerModule } from './nest/discovery-worker.module';
import { DiscoveryWorker } from './worker/discovery-worker';

const root = resolve(__dirname, '../../../..');
const TENANT = 'acme-corp';
const ACK_WAIT_MS = 1_500;
const silent = createLogger({ name: 'test', level: 'silent' });

interface Harness {
  ns: string;
  client: MessagingClient;
  jsm: JetStreamManager;
  reports: MessageCollector<JobReport>;
  batches: MessageCollector<ResourceBatch>;
}

async function openHarness(nats: TestNats, label: string): Promise<Harness> {
  const ns = uniqueNamespace(label);
  const client = await connectMessaging({ servers: [nats.url], namespace: ns }, { logger: silent });
  await client.ensureStreams();
  const [reports, batches] = await Promise.all([
    MessageCollector.start<JobReport>(client, 'work', 'work.jobs.reports.>'),
    MessageCollector.start<ResourceBatch>(client, 'batches', 'discovery.batches.>'),
  ]);
  return { ns, client, jsm: await jetstreamManager(client.connection), reports, batches };
}

async function closeHarness(nats: TestNats, harness: Harness | undefined): Promise<void> {
  if (!harness) return;
  await Promise.all([harness.reports.stop(), harness.batches.stop()]);
  await harness.client.close();
  await deleteNamespaceStreams(nats.url, harness.ns);
}

async function submit(client: MessagingClient, jobId: string, config: Record<string, unknown>): Promise<DiscoveryWorkItem> {
  const item: DiscoveryWorkItem = { tenantId: TENANT, jobId, plugin: 'demo', credentialId: 'cred-demo', config };
  await client.publish(subjects.discoveryWork('demo'), item, { msgId: workItemMsgId(item) });
  return item;
}

/**
 * A worker served as in an app: its consumers by the NATS transport. `stop()` stops it as the
 * app does: the transport first (pulls stop, runs are handed back), then the worker.
 */
async function startServedWorker(worker: DiscoveryWorker, client: MessagingClient): Promise<{ worker: DiscoveryWorker; stop(): Promise<void> }> {
  await worker.start();
  let transport: INestMicroservice | undefined;
  try {
    transport = await startNatsTransport(client, DiscoveryWorkerModule.forInstance(worker));
  } catch (error) {
    await worker.stop();
    throw error;
  }
  const served = transport;
  return {
    worker,
    stop: async () => {
      await served.close();
      await worker.stop();
    },
  };
}

const attemptOf = (report: JobReport): number | undefined => ('attempt' in report ? report.attempt : undefined);

describe('a discovery worker process killed in the middle of a run', () => {
  let nats: TestNats;
  let harness: Harness | undefined;
  let child: ChildProcess | undefined;
  let successor: { worker: DiscoveryWorker; stop(): Promise<void> } | undefined;

  beforeAll(async () => {
    nats = await useTestNats();
    harness = await openHarness(nats, 'crash');
  });

  afterAll(async () => {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await successor?.stop();
    await closeHarness(nats, harness);
    await nats.stop();
  });

  it('has its run redone by another worker after the ack wait, as attempt 2, with a complete set of batches', async () => {
    const { client, reports, batches } = harness!;
    const size = 2_000;
    const item = await submit(client, 'job-crash', { size, seed: 'crash', delay_ms: 400 });

    const worker = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, 'fixtures/worker-process.ts')], {
      cwd: root,
      env: {
        ...process.env,
        NATS_URL: nats.url,
        STRATA_NS: harness!.ns,
        DISCOVERY_ACK_WAIT_MS: String(ACK_WAIT_MS),
        DISCOVERY_WORKER_ID: 'worker-doomed',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = worker;
    let stderr = '';
    worker.stderr?.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((done) => worker.once('exit', (_code, signal) => done(signal)));

    // Killed once its first batch is out: the run is half done, the item unacknowledged.
    const batchesOfAttempt = (attempt: number) => batches.where((b) => b.jobId === item.jobId && b.attempt === attempt).map((m) => m.data);
    await waitFor(() => batchesOfAttempt(1).length >= 1, { timeoutMs: 20_000, message: `the worker process to publish a batch (stderr: ${stderr})` });
    worker.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    successor = await startServedWorker(
      new DiscoveryWorker({
        messaging: client,
        plugins: [demoPlugin],
        credentialResolver: new DemoOnlyCredentialResolver(),
        workerId: 'worker-successor',
        ackWaitMs: ACK_WAIT_MS,
        logger: silent,
      }),
      client,
    );

    const runReports = () => reports.where((r) => r.jobId === item.jobId).map((m) => m.data);
    const completed = await waitFor(() => runReports().find((r) => r.type === 'PluginRunCompleted'), {
      timeoutMs: 20_000,
      message: 'the redone run to complete',
    });
    await waitFor(() => successor!.worker.activeRuns === 0, { message: 'the successor to finish' });
    await Promise.all([reports.caughtUp(), batches.caughtUp()]);

    expect(runReports().filter((r) => r.type === 'PluginRunStarted')).toEqual([
      expect.objectContaining({ attempt: 1, workerId: 'worker-doomed' }),
      expect.objectContaining({ attempt: 2, workerId: 'worker-successor' }),
    ]);
    expect(runReports().filter((r) => attemptOf(r) === 2).map((r) => r.type)).toEqual(
      expect.arrayContaining(['PluginRunStarted', 'PluginRunProgressed', 'PluginRunCompleted']),
    );
    expect(runReports().filter((r) => r.type === 'PluginRunCompleted' || r.type === 'PluginRunFailed')).toEqual([completed]);

    const estate = new DemoEstate(size, 'crash');
    const expectedIds = Array.from({ length: size }, (_, index) => estate.node(index)?.id).filter((id) => id !== undefined);
    const redone = batchesOfAttempt(2);
    expect(completed).toMatchObject({ attempt: 2, batches: redone.length, scope: expect.stringMatching(/^demo:/) });
    expect(redone.map((b) => b.sequence)).toEqual(redone.map((_, n) => n));
    expect(redone.flatMap((b) => b.nodes.map((node) => node.id))).toEqual(expectedIds);
    expect(batchesOfAttempt(1).length).toBeLessThan(redone.length);
  });
});

describe('DiscoveryWorker.stop()', () => {
  let nats: TestNats;
  let harness: Harness | undefined;
  const workers: { worker: DiscoveryWorker; stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    nats = await useTestNats();
    harness = await openHarness(nats, 'stop');
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await closeHarness(nats, harness);
    await nats.stop();
  });

  const startWorker = async (workerId: string): Promise<{ worker: DiscoveryWorker; stop(): Promise<void> }> => {
    const worker = await startServedWorker(
      new DiscoveryWorker({
        messaging: harness!.client,
        plugins: [demoPlugin],
        credentialResolver: new DemoOnlyCredentialResolver(),
        workerId,
        redeliveryBackoff: { initialDelayMs: 100, jitter: 0 },
        logger: silent,
      }),
      harness!.client,
    );
    workers.push(worker);
    return worker;
  };

  it('aborts the running runs without acknowledging them, so another worker redoes them', async () => {
    const { client, reports, jsm, ns } = harness!;
    // A minute's pause every 500 resources: a stop that waited for the run would time out.
    const item = await submit(client, 'job-stop', { size: 50_000, delay_ms: 60_000 });
    const first = await startWorker('worker-leaving');
    const started = (attempt: number) =>
      reports.where((r) => r.jobId === item.jobId && r.type === 'PluginRunStarted' && r.attempt === attempt).map((m) => m.data);
    await waitFor(() => started(1).length === 1, { message: 'the first attempt to start' });

    await first.stop();
    expect(first.worker.activeRuns).toBe(0);
    const subject = client.namespace.subject(subjects.discoveryWork('demo'));
    expect((await jsm.streams.info(`${ns}_WORK`, { subjects_filter: subject })).state.subjects?.[subject]).toBe(1);

    // As when a worker restarts: a moment with no worker at all. The run must still come back
    // as attempt 2 (it came back as attempt 1, the first attempt's message ids and all).
    await new Promise((resolve) => setTimeout(resolve, 300));
    await startWorker('worker-staying');
    expect(await waitFor(() => started(2)[0], { message: 'the second attempt to start', timeoutMs: 15_000 })).toMatchObject({ workerId: 'worker-staying' });
    expect(started(1)).toHaveLength(1);
    await reports.caughtUp();
    expect(reports.where((r) => r.jobId === item.jobId).map((m) => m.data.type)).not.toContain('PluginRunFailed');
  });
});
