import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { subjects, workItemMsgId, type DiscoveryWorkItem, type JobReport } from '@strata/contracts';
import { connectMessaging, type ConsumedMessage, type DurableConsumer, type MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import { openSqliteReadStore } from '@strata/platform-read-store';
import { CredentialsService, loadSecretKey, TenancyModule, TenantsService } from '@strata/tenancy-feature';
import { deleteNamespaceStreams, freePort, makeTempDir, uniqueNamespace, useTestNats, waitFor, type TempDir, type TestNats } from '@strata/testing';

const root = resolve(__dirname, '../../..');
const TENANT = 'acme-corp';
const ACCOUNT = '123456789012';
const GOOD_KEY = 'AKIAFIXTUREGOOD00001';
const EXPIRED_KEY = 'AKIAFIXTUREEXPIRED01';

/** Starts a process and resolves once a line of its stdout matches. */
function startProcess(args: string[], env: NodeJS.ProcessEnv, ready?: RegExp): { child: ChildProcess; ready: Promise<void>; output: () => string } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const started = new Promise<void>((done, fail) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      if (ready?.test(output)) done();
    });
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => fail(new Error(`exited with ${code}: ${output}`)));
    if (!ready) done();
  });
  return { child, ready: started, output: () => output };
}

describe('the discovery-worker-aws app', () => {
  const ns = uniqueNamespace('awsworker');
  let nats: TestNats;
  let client: MessagingClient;
  let collector: DurableConsumer<JobReport>;
  let fixture: ChildProcess | undefined;
  let app: ChildProcess | undefined;
  let dataDir: TempDir;
  let endpoint: string;
  const reports: JobReport[] = [];

  /** Two aws credentials, stored (encrypted) where the app's resolver reads: one the fixture takes as expired. */
  async function seedAwsCredentials(): Promise<void> {
    const readStore = openSqliteReadStore(resolve(dataDir.path, 'strata.db'));
    const { key: secretKey } = await loadSecretKey({ env: {}, dataDir: dataDir.path });
    const tenancy = await NestFactory.createApplicationContext(TenancyModule.forRoot({ readStore, secretKey }), { logger: false });
    await tenancy.get(TenantsService).create({ id: TENANT, name: 'Acme' });
    const credentials = tenancy.get(CredentialsService);
    await credentials.create(TENANT, { id: 'cred-aws', kind: 'aws', name: 'Fixture', secret: { access_key_id: GOOD_KEY, secret_access_key: 'fixture-secret-access-key-good' } });
    await credentials.create(TENANT, { id: 'cred-aws-expired', kind: 'aws', name: 'Expired', secret: { access_key_id: EXPIRED_KEY, secret_access_key: 'fixture-secret-access-key-expired' } });
    await tenancy.close();
    await readStore.close();
  }

  beforeAll(async () => {
    dataDir = await makeTempDir();
    await seedAwsCredentials();
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    const started = startProcess(['tools/aws-fixture/main.ts', '--port', String(port), '--size', '150', '--seed', 'e2e', '--expired-key', EXPIRED_KEY], {}, /Listening on/);
    fixture = started.child;
    await started.ready;
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
    for (const child of [app, fixture]) if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await collector?.stop();
    await client?.close();
    if (nats) await deleteNamespaceStreams(nats.url, ns);
    await nats?.stop();
    await dataDir?.remove();
  });

  async function submit(jobId: string, credentialId: string): Promise<void> {
    const item: DiscoveryWorkItem = { tenantId: TENANT, jobId, plugin: 'aws', credentialId, config: { endpoint_url: endpoint, account_id: ACCOUNT, regions: ['us-east-1', 'us-west-2'] } };
    await client.publish(subjects.discoveryWork('aws'), item, { msgId: workItemMsgId(item) });
  }

  it('discovers the fixture account with a stored credential, refuses an expired one, and exits 0 on SIGTERM', async () => {
    const started = startProcess(['apps/discovery-worker-aws/src/main.ts'], {
      NATS_URL: nats.url,
      STRATA_NS: ns,
      STRATA_DATA_DIR: dataDir.path,
      DISCOVERY_WORKER_ID: 'aws-app',
      LOG_LEVEL: 'warn',
    });
    app = started.child;
    const exited = new Promise<number | null>((done) => app!.once('exit', (code) => done(code)));

    await submit('job-aws', 'cred-aws');
    const completed = await waitFor(() => reports.find((r) => r.jobId === 'job-aws' && r.type === 'PluginRunCompleted'), {
      timeoutMs: 45_000,
      message: `the app to complete an aws run (output: ${started.output()})`,
    });
    expect(completed).toMatchObject({ attempt: 1, scope: `aws:${ACCOUNT}/*/us-east-1,us-west-2`, batches: expect.any(Number) });
    if (completed.type !== 'PluginRunCompleted') throw new Error('unreachable');
    expect(completed.resourceCounts).toMatchObject({ vpcs: expect.any(Number), subnets: expect.any(Number), ec2Instances: expect.any(Number), s3Buckets: expect.any(Number), iamRoles: expect.any(Number) });
    expect(completed.resourceCounts['ec2Instances']).toBeGreaterThan(0);

    await submit('job-expired', 'cred-aws-expired');
    const refused = await waitFor(() => reports.find((r) => r.jobId === 'job-expired' && r.type === 'PluginRunFailed'), { timeoutMs: 20_000, message: 'the run with an expired credential to fail' });
    expect(refused).toMatchObject({ error: { code: 'invalid_credential', message: expect.stringContaining('ExpiredToken') } });

    app.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
