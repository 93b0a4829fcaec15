import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { subjects, workItemMsgId, type DiscoveryWorkItem, type JobReport } from '@strata/contracts';
import { connectMessaging, type ConsumedMessage, type DurableConsumer, type MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import { NestFactory } from '@nestjs/core';
import { openSqliteReadStore } from '@strata/platform-read-store';
import { CredentialsService, loadSecretKey, TenancyModule, TenantsService } from '@strata/tenancy-feature';
import { deleteNamespaceStreams, makeTempDir, uniqueNamespace, useTestNats, waitFor, type TempDir, type TestNats } from '@strata/testing';

const root = resolve(__dirname, '../../..');
const TENANT = 'acme-corp';

describe('the discovery-worker-demo app', () => {
  const ns = uniqueNamespace('workerapp');
  let nats: TestNats;
  let client: MessagingClient;
  let collector: DurableConsumer<JobReport>;
  let app: ChildProcess | undefined;
  let dataDir: TempDir;
  const reports: JobReport[] = [];

  /** The credential the work items name, stored (encrypted) where the app's resolver reads. */
  async function seedDemoCredential(): Promise<void> {
    const readStore = openSqliteReadStore(resolve(dataDir.path, 'strata.db'));
    const { key: secretKey } = await loadSecretKey({ env: {}, dataDir: dataDir.path });
    const tenancy = await NestFactory.createApplicationContext(TenancyModule.forRoot({ readStore, secretKey }), { logger: false });
    await tenancy.get(TenantsService).create({ id: TENANT, name: 'Acme' });
    await tenancy.get(CredentialsService).create(TENANT, { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} });
    await tenancy.close();
    await readStore.close();
  }

  beforeAll(async () => {
    dataDir = await makeTempDir();
    await seedDemoCredential();
    nats = await useTestNats();
    client = await connectMessaging({ servers: [nats.url], namespace: ns }, { logger: createLogger({ name: 'test', level: 'silent' }) });
    await client.ensureStreams({ only: ['work'] });
    collector = await client.consume<JobReport>({
      stream: 'work',
      durable: 'test-reports',
      filterSubject: 'work.jobs.reports.>',
      pullExpiresMs: 1_000,
      handler: async ({ data }: ConsumedMessage<JobReport>) => void reports.push(data),
    });
  });

  afterAll(async () => {
    if (app?.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
    await collector?.stop();
    await client?.close();
    await deleteNamespaceStreams(nats.url, ns);
    await nats?.stop();
    await dataDir.remove();
  });

  async function submit(jobId: string, config: Record<string, unknown>, credentialId = 'cred-demo'): Promise<void> {
    const item: DiscoveryWorkItem = { tenantId: TENANT, jobId, plugin: 'demo', credentialId, config };
    await client.publish(subjects.discoveryWork('demo'), item, { msgId: workItemMsgId(item) });
  }

  it('runs demo work items, and on SIGTERM hands its running run back and exits 0', async () => {
    app = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, 'main.ts')], {
      cwd: root,
      env: { ...process.env, NATS_URL: nats.url, STRATA_NS: ns, STRATA_DATA_DIR: dataDir.path, DISCOVERY_WORKER_ID: 'demo-app', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    app.stderr?.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => app!.once('exit', (code) => done(code)));

    await submit('job-quick', { size: 600 });
    const completed = await waitFor(() => reports.find((r) => r.jobId === 'job-quick' && r.type === 'PluginRunCompleted'), {
      timeoutMs: 30_000,
      message: `the app to complete a run (stderr: ${stderr})`,
    });
    expect(completed).toMatchObject({ attempt: 1, batches: 2, scope: 'demo' });

    // Credentials come from the shared store: one the tenant does not have fails the run.
    await submit('job-nocred', { size: 10 }, 'cred-missing');
    const refused = await waitFor(() => reports.find((r) => r.jobId === 'job-nocred' && r.type === 'PluginRunFailed'), {
      message: 'the run with a missing credential to fail',
    });
    expect(refused).toMatchObject({ error: { code: 'invalid_credential' } });

    await submit('job-slow', { size: 50_000, delay_ms: 500 });
    await waitFor(() => reports.some((r) => r.jobId === 'job-slow' && r.type === 'PluginRunStarted'), { message: 'the slow run to start' });
    app.kill('SIGTERM');
    expect(await exited).toBe(0);

    // Handed back, not acknowledged: the work-queue stream still holds it for the next worker.
    const jsm = await jetstreamManager(client.connection);
    const subject = client.namespace.subject(subjects.discoveryWork('demo'));
    expect((await jsm.streams.info(`${ns}_WORK`, { subjects_filter: subject })).state.subjects?.[subject]).toBe(1);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(collector.stream, collector.durable);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      { message: 'every report to be read' },
    );
    const slowReports = reports.filter((r) => r.jobId === 'job-slow').map((r) => r.type);
    expect(slowReports).toContain('PluginRunStarted');
    expect(slowReports).not.toContain('PluginRunCompleted');
    expect(slowReports).not.toContain('PluginRunFailed');
  });
});
