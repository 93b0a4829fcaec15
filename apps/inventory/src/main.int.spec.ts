import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { batchMsgId, subjects, type JobReport, type ResourceBatch } from '@strata/contracts';
import { connectMessaging, type MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import { deleteNamespaceStreams, makeTempDir, uniqueNamespace, useTestNats, waitFor, type TempDir, type TestNats } from '@strata/testing';

const root = resolve(__dirname, '../../..');
const BOOT_TIMEOUT_MS = 30_000;

describe('inventory app (its own process)', () => {
  let nats: TestNats;
  let dir: TempDir;
  let namespace: string;
  let messaging: MessagingClient;
  let app: ChildProcess;
  let exited: Promise<number | null>;

  beforeAll(async () => {
    nats = await useTestNats();
    dir = await makeTempDir();
    namespace = uniqueNamespace('inventoryapp');
    app = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, 'main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        NATS_URL: nats.url,
        STRATA_NS: namespace,
        STRATA_READ_STORE: `sqlite:${join(dir.path, 'strata.db')}`,
        OTEL_EXPORTER_OTLP_ENDPOINT: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    exited = new Promise((done) => app.once('exit', (code) => done(code)));
    messaging = await connectMessaging({ servers: nats.url, namespace }, { logger: createLogger({ name: 'inventory-app-test', level: 'error' }) });
  });

  afterAll(async () => {
    if (app?.exitCode === null) app.kill('SIGKILL');
    await messaging?.close();
    if (namespace) await deleteNamespaceStreams(nats.url, namespace);
    await nats?.stop();
    await dir?.remove();
  });

  it('starts its consumers, reconciles a job, and exits 0 on SIGTERM', async () => {
    const jsm = await jetstreamManager(messaging.connection);
    await waitFor(() => jsm.consumers.info(`${namespace}_EVENTS`, 'inventory-reconcile'), { timeoutMs: BOOT_TIMEOUT_MS, message: 'the inventory consumers' });
    await jsm.consumers.info(`${namespace}_BATCHES`, 'inventory');

    const reports: JobReport[] = [];
    await messaging.consume<JobReport>({ stream: 'work', durable: 'test-reports', filterSubject: 'work.jobs.reports.>', handler: async ({ data }) => void reports.push(data) });
    const batch: ResourceBatch = {
      tenantId: 'acme',
      jobId: 'job-app',
      plugin: 'aws',
      attempt: 1,
      sequence: 0,
      scope: 'aws:1',
      nodes: [
        { id: 'vpc-1', type: 'aws.ec2.vpc', provider: 'aws', name: 'main', tags: {}, attributes: {} },
        { id: 'i-1', type: 'aws.ec2.instance', provider: 'aws', name: 'web', tags: {}, attributes: { state: 'running' } },
      ],
      edges: [{ from: 'i-1', to: 'vpc-1', type: 'in_vpc' }],
    };
    await messaging.publish(subjects.batches('acme', 'job-app'), batch, { msgId: batchMsgId(batch) });
    const eventId = randomUUID();
    const finished = {
      id: eventId,
      type: 'DiscoveryFinished',
      streamName: 'job-job-app',
      data: { jobId: 'job-app', tenantId: 'acme', runs: [{ plugin: 'aws', attempt: 1, batches: 1, scope: 'aws:1' }], finishedAt: new Date().toISOString() },
      metadata: { tenantId: 'acme' },
      revision: 4,
      globalPosition: '1',
      createdAt: new Date().toISOString(),
    };
    await messaging.publish(subjects.event('acme', 'job', 'DiscoveryFinished'), finished, { msgId: eventId });

    expect(await waitFor(() => reports.find((report) => report.jobId === 'job-app'))).toEqual({
      type: 'InventoryReconciled',
      tenantId: 'acme',
      jobId: 'job-app',
      nodesDiscovered: 2,
      nodesUpdated: 0,
      nodesRemoved: 0,
      edgesCreated: 1,
    });

    app.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
