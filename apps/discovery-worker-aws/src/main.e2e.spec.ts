import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { subjects, workItemMsgId, type DiscoveryWorkItem, type JobReport } from '@strata/contracts';
import { collectReports, openServiceFixture, type ServiceFixture } from '@strata/service-testing';
import { CredentialsService, loadSecretKey, TenancyModule, TenantsService } from '@strata/tenancy-feature';
import { freePort, runTypeScript, waitFor, type RunningProcess } from '@strata/testing';

const TENANT = 'acme-corp';
const ACCOUNT = '123456789012';
const GOOD_KEY = 'AKIAFIXTUREGOOD00001';
const EXPIRED_KEY = 'AKIAFIXTUREEXPIRED01';

describe('the discovery-worker-aws app', () => {
  let fixture: ServiceFixture;
  let awsFixture: RunningProcess | undefined;
  let app: RunningProcess | undefined;
  let endpoint: string;
  let reports: JobReport[];

  /** Two aws credentials, stored (encrypted) where the app's resolver reads: one the fixture takes as expired. */
  async function seedAwsCredentials(): Promise<void> {
    const { key: secretKey } = await loadSecretKey({ env: {}, dataDir: fixture.dir.path });
    const tenancy = await NestFactory.createApplicationContext(TenancyModule.forRoot({ readStore: fixture.readStore, secretKey }), { logger: false });
    await tenancy.get(TenantsService).create({ id: TENANT, name: 'Acme' });
    const credentials = tenancy.get(CredentialsService);
    await credentials.create(TENANT, { id: 'cred-aws', kind: 'aws', name: 'Fixture', secret: { access_key_id: GOOD_KEY, secret_access_key: 'fixture-secret-access-key-good' } });
    await credentials.create(TENANT, { id: 'cred-aws-expired', kind: 'aws', name: 'Expired', secret: { access_key_id: EXPIRED_KEY, secret_access_key: 'fixture-secret-access-key-expired' } });
    await tenancy.close();
  }

  beforeAll(async () => {
    fixture = await openServiceFixture('awsworker', { streams: { only: ['work'] } });
    await seedAwsCredentials();
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    const args = ['--port', String(port), '--size', '150', '--seed', 'e2e', '--expired-key', EXPIRED_KEY];
    awsFixture = runTypeScript({ name: 'aws fixture', file: 'tools/aws-fixture/main.ts', args });
    await awsFixture.waitForOutput(/Listening on/);
    reports = await collectReports(fixture.messaging);
  });

  afterAll(async () => {
    await app?.kill();
    await awsFixture?.kill();
    await fixture?.close();
  });

  async function submit(jobId: string, credentialId: string): Promise<void> {
    const item: DiscoveryWorkItem = { tenantId: TENANT, jobId, plugin: 'aws', credentialId, config: { endpoint_url: endpoint, account_id: ACCOUNT, regions: ['us-east-1', 'us-west-2'] } };
    await fixture.messaging.publish(subjects.discoveryWork('aws'), item, { msgId: workItemMsgId(item) });
  }

  it('discovers the fixture account with a stored credential, refuses an expired one, and exits 0 on SIGTERM', async () => {
    app = runTypeScript({
      name: 'discovery-worker-aws',
      file: resolve(__dirname, 'main.ts'),
      env: { NATS_URL: fixture.nats.url, STRATA_NS: fixture.namespace, STRATA_DATA_DIR: fixture.dir.path, DISCOVERY_WORKER_ID: 'aws-app', LOG_LEVEL: 'warn' },
    });
    const worker = app;

    await submit('job-aws', 'cred-aws');
    const completed = await waitFor(() => reports.find((r) => r.jobId === 'job-aws' && r.type === 'PluginRunCompleted'), {
      timeoutMs: 45_000,
      message: () => `the app to complete an aws run (output: ${worker.log})`,
    });
    expect(completed).toMatchObject({ attempt: 1, scope: `aws:${ACCOUNT}/*/us-east-1,us-west-2`, batches: expect.any(Number) });
    if (completed.type !== 'PluginRunCompleted') throw new Error('unreachable');
    expect(completed.resourceCounts).toMatchObject({ vpcs: expect.any(Number), subnets: expect.any(Number), ec2Instances: expect.any(Number), s3Buckets: expect.any(Number), iamRoles: expect.any(Number) });
    expect(completed.resourceCounts['ec2Instances']).toBeGreaterThan(0);

    await submit('job-expired', 'cred-aws-expired');
    const refused = await waitFor(() => reports.find((r) => r.jobId === 'job-expired' && r.type === 'PluginRunFailed'), { timeoutMs: 20_000, message: 'the run with an expired credential to fail' });
    expect(refused).toMatchObject({ error: { code: 'invalid_credential', message: expect.stringContaining('ExpiredToken') } });

    expect(await worker.stop()).toBe(0);
  });
});
