import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { subjects, type JobReport, type ResourceNode } from '@strata/contracts';
import { connectMessaging, type MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import { defineCollection, openSqliteReadStore } from '@strata/platform-read-store';
import { deleteNamespaceStreams, makeTempDir, uniqueNamespace, useTestNats, waitFor, type TempDir, type TestNats } from '@strata/testing';

const root = resolve(__dirname, '../../..');
const BOOT_TIMEOUT_MS = 30_000;

/** The inventory's node records, as the audit engine reads them. */
interface InventoryNode extends ResourceNode {
  scope: string;
  status: 'active' | 'removed';
  last_seen_job: string;
  removed_in_job: string | null;
}

const nodes = defineCollection<InventoryNode>({
  name: 'nodes',
  indexes: { last_seen_job: 'string', removed_in_job: 'string' },
});

describe('audit-engine app (its own process)', () => {
  let nats: TestNats;
  let dir: TempDir;
  let namespace: string;
  let messaging: MessagingClient;
  let app: ChildProcess;
  let exited: Promise<number | null>;

  beforeAll(async () => {
    nats = await useTestNats();
    dir = await makeTempDir();
    namespace = uniqueNamespace('auditapp');
    const store = openSqliteReadStore(join(dir.path, 'strata.db'));
    await store.collection(nodes).forTenant('acme').upsert('b-1', {
      id: 'b-1',
      type: 'aws.s3.bucket',
      provider: 'aws',
      name: 'logs',
      tags: {},
      attributes: { public_access_blocked: false },
      scope: 'aws:1',
      status: 'active',
      last_seen_job: 'job-app',
      removed_in_job: null,
    });
    await store.close();
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
    messaging = await connectMessaging({ servers: nats.url, namespace }, { logger: createLogger({ name: 'audit-app-test', level: 'error' }) });
  });

  afterAll(async () => {
    if (app?.exitCode === null) app.kill('SIGKILL');
    await messaging?.close();
    if (namespace) await deleteNamespaceStreams(nats.url, namespace);
    await nats?.stop();
    await dir?.remove();
  });

  it('starts its consumer, audits a reconciled job, and exits 0 on SIGTERM', async () => {
    const jsm = await jetstreamManager(messaging.connection);
    await waitFor(() => jsm.consumers.info(`${namespace}_EVENTS`, 'audit-engine'), { timeoutMs: BOOT_TIMEOUT_MS, message: 'the audit-engine consumer' });

    const reports: JobReport[] = [];
    await messaging.consume<JobReport>({ stream: 'work', durable: 'test-reports', filterSubject: 'work.jobs.reports.>', handler: async ({ data }) => void reports.push(data) });
    const eventId = randomUUID();
    const reconciled = {
      id: eventId,
      type: 'InventoryReconciled',
      streamName: 'job-job-app',
      data: { jobId: 'job-app', nodesDiscovered: 1, nodesUpdated: 0, nodesRemoved: 0, edgesCreated: 0, reconciledAt: new Date().toISOString() },
      metadata: { tenantId: 'acme' },
      revision: 6,
      globalPosition: '1',
      createdAt: new Date().toISOString(),
    };
    await messaging.publish(subjects.event('acme', 'job', 'InventoryReconciled'), reconciled, { msgId: eventId });

    expect(await waitFor(() => reports.find((report) => report.jobId === 'job-app'))).toEqual({
      type: 'AuditCompleted',
      tenantId: 'acme',
      jobId: 'job-app',
      findingsCreated: 1,
      findingsResolved: 0,
    });

    app.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
