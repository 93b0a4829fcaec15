import { resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { subjects, workItemMsgId, type DiscoveryWorkItem, type JobReport } from '@strata/contracts';
import { NestFactory } from '@nestjs/core';
import { collectReports, openServiceFixture, REPORT_COLLECTOR_DURABLE, type ServiceFixture } from '@strata/service-testing';
import { CredentialsService, loadSecretKey, TenancyModule, TenantsService } from '@strata/tenancy-feature';
import { runTypeScript, waitFor, type RunningProcess } from '@strata/testing';

const TENANT = 'acme-corp';

describe('the discovery-worker-demo app', () => {
  let fixture: ServiceFixture;
  let app: RunningProcess | undefined;
  let reports: JobReport[];

  /** The credential the work items name, stored (encrypted) where the app's resolver reads. */
  async function seedDemoCredential(): Promise<void> {
    const { key: secretKey } = await loadSecretKey({ env: {}, dataDir: fixture.dir.path });
    const tenancy = await NestFactory.createApplicationContext(TenancyModule.forRoot({ readStore: fixture.readStore, secretKey }), { logger: false });
    await tenancy.get(TenantsService).create({ id: TENANT, name: 'Acme' });
    await tenancy.get(CredentialsService).create(TENANT, { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} });
    await tenancy.close();
  }

  beforeAll(async () => {
    fixture = await openServiceFixture('workerapp', { streams: { only: ['work'] } });
    await seedDemoCredential();
    reports = await collectReports(fixture.messaging);
  });

  afterAll(async () => {
    await app?.kill();
    await fixture?.close();
  });

  async function submit(jobId: string, config: Record<string, unknown>, credentialId = 'cred-demo'): Promise<void> {
    const item: DiscoveryWorkItem = { tenantId: TENANT, jobId, plugin: 'demo', credentialId, config };
    await fixture.messaging.publish(subjects.discoveryWork('demo'), item, { msgId: workItemMsgId(item) });
  }

  it('runs demo work items, and on SIGTERM hands its running run back and exits 0', async () => {
    app = runTypeScript({
      name: 'discovery-worker-demo',
      file: resolve(__dirname, 'main.ts'),
      env: { NATS_URL: fixture.nats.url, STRATA_NS: fixture.namespace, STRATA_DATA_DIR: fixture.dir.path, DISCOVERY_WORKER_ID: 'demo-app', LOG_LEVEL: 'warn' },
    });
    const worker = app;

    await submit('job-quick', { size: 600 });
    const completed = await waitFor(() => reports.find((r) => r.jobId === 'job-quick' && r.type === 'PluginRunCompleted'), {
      timeoutMs: 30_000,
      message: () => `the app to complete a run (output: ${worker.log})`,
    });
    expect(completed).toMatchObject({ attempt: 1, batches: 2, scope: 'demo:600' });

    // Credentials come from the shared store: one the tenant does not have fails the run.
    await submit('job-nocred', { size: 10 }, 'cred-missing');
    const refused = await waitFor(() => reports.find((r) => r.jobId === 'job-nocred' && r.type === 'PluginRunFailed'), {
      message: 'the run with a missing credential to fail',
    });
    expect(refused).toMatchObject({ error: { code: 'invalid_credential' } });

    await submit('job-slow', { size: 50_000, delay_ms: 500 });
    await waitFor(() => reports.some((r) => r.jobId === 'job-slow' && r.type === 'PluginRunStarted'), { message: 'the slow run to start' });
    expect(await worker.stop()).toBe(0);

    // Handed back, not acknowledged: the work-queue stream still holds it for the next worker.
    const jsm = await jetstreamManager(fixture.messaging.connection);
    const subject = fixture.messaging.namespace.subject(subjects.discoveryWork('demo'));
    expect((await jsm.streams.info(`${fixture.namespace}_WORK`, { subjects_filter: subject })).state.subjects?.[subject]).toBe(1);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(`${fixture.namespace}_WORK`, REPORT_COLLECTOR_DURABLE);
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
