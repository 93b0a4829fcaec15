import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { subjects, workItemMsgId, type DiscoveryWorkItem, type JobReport } from '@strata/contracts';
import { collectReports, openServiceFixture, type ServiceFixture } from '@strata/service-testing';
import { CredentialsService, loadSecretKey, TenancyModule, TenantsService } from '@strata/tenancy-feature';
import { runTypeScript, waitFor, type RunningProcess } from '@strata/testing';

const TENANT = 'acme-corp';

describe('the discovery-worker-kubernetes app', () => {
  let fixture: ServiceFixture;
  let cluster: RunningProcess | undefined;
  let app: RunningProcess | undefined;
  let reports: JobReport[];

  /** Two kubernetes credentials, stored (encrypted) where the app's resolver reads: the fixture's kubeconfig, and one with a token it refuses. */
  async function seedKubernetesCredentials(kubeconfig: string): Promise<void> {
    const { key: secretKey } = await loadSecretKey({ env: {}, dataDir: fixture.dir.path });
    const tenancy = await NestFactory.createApplicationContext(TenancyModule.forRoot({ readStore: fixture.readStore, secretKey }), { logger: false });
    await tenancy.get(TenantsService).create({ id: TENANT, name: 'Acme' });
    const credentials = tenancy.get(CredentialsService);
    await credentials.create(TENANT, { id: 'cred-k8s', kind: 'kubernetes', name: 'Fixture', secret: { kubeconfig } });
    const revoked = kubeconfig.replace(/token: .*/, 'token: revoked-token');
    await credentials.create(TENANT, { id: 'cred-k8s-revoked', kind: 'kubernetes', name: 'Revoked', secret: { kubeconfig: revoked } });
    await tenancy.close();
  }

  beforeAll(async () => {
    fixture = await openServiceFixture('k8sworker', { streams: { only: ['work'] } });
    const path = join(fixture.dir.path, 'kubeconfig');
    cluster = runTypeScript({ name: 'fixture cluster', file: 'libs/plugins/kubernetes/src/fixtures/serve-fixture-cluster.ts', args: ['--size', '60', '--seed', 'e2e', '--kubeconfig', path] });
    await cluster.waitForOutput(/KUBECONFIG=/);
    await seedKubernetesCredentials(await readFile(path, 'utf8'));
    reports = await collectReports(fixture.messaging);
  });

  afterAll(async () => {
    await app?.kill();
    await cluster?.kill();
    await fixture?.close();
  });

  async function submit(jobId: string, credentialId: string): Promise<void> {
    const item: DiscoveryWorkItem = { tenantId: TENANT, jobId, plugin: 'kubernetes', credentialId, config: { cluster_name: 'fixture', include_rbac: true } };
    await fixture.messaging.publish(subjects.discoveryWork('kubernetes'), item, { msgId: workItemMsgId(item) });
  }

  it('discovers the fixture cluster with a stored kubeconfig, refuses a revoked token, and exits 0 on SIGTERM', async () => {
    app = runTypeScript({
      name: 'discovery-worker-kubernetes',
      file: resolve(__dirname, 'main.ts'),
      env: { NATS_URL: fixture.nats.url, STRATA_NS: fixture.namespace, STRATA_DATA_DIR: fixture.dir.path, DISCOVERY_WORKER_ID: 'k8s-app', LOG_LEVEL: 'warn' },
    });
    const worker = app;

    await submit('job-k8s', 'cred-k8s');
    const completed = await waitFor(() => reports.find((r) => r.jobId === 'job-k8s' && r.type === 'PluginRunCompleted'), {
      timeoutMs: 45_000,
      message: () => `the app to complete a kubernetes run (output: ${worker.log})`,
    });
    expect(completed).toMatchObject({ attempt: 1, scope: 'kubernetes:fixture', batches: expect.any(Number) });
    if (completed.type !== 'PluginRunCompleted') throw new Error('unreachable');
    expect(completed.resourceCounts).toMatchObject({ clusters: 1, nodes: expect.any(Number), namespaces: expect.any(Number), pods: expect.any(Number), deployments: expect.any(Number), clusterRoles: expect.any(Number) });
    expect(completed.resourceCounts['pods']).toBeGreaterThan(60);

    await submit('job-revoked', 'cred-k8s-revoked');
    const refused = await waitFor(() => reports.find((r) => r.jobId === 'job-revoked' && r.type === 'PluginRunFailed'), { timeoutMs: 20_000, message: 'the run with a revoked token to fail' });
    expect(refused).toMatchObject({ error: { code: 'invalid_credential', message: expect.stringContaining('401') } });

    expect(await worker.stop()).toBe(0);
  });
});
