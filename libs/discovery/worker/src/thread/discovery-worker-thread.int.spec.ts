import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { subjects, workItemMsgId, type CredentialResolver, type DiscoveryWorkItem, type JobLogLine, type JobReport, type ResolvedCredential } from '@strata/contracts';
import { connectMessaging, type MessagingClient } from '@strata/platform-messaging';
import { LoopHealth } from '@strata/platform-observability';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import { MessageCollector } from '../fixtures/message-collector';
import { DISCOVERY_THREAD_LOOP, DiscoveryWorkerThread } from './discovery-worker-thread';

const TENANT = 'acme-corp';
const credential: ResolvedCredential = { id: 'cred-demo', tenantId: TENANT, kind: 'demo', secret: { api_key: 'sk-live-thread-0001' } };

describe('DiscoveryWorkerThread', () => {
  const ns = uniqueNamespace('wthread');
  let nats: TestNats;
  let client: MessagingClient;
  let jsm: JetStreamManager;
  let reports: MessageCollector<JobReport>;
  let logs: MessageCollector<JobLogLine>;
  const resolved: string[] = [];
  const credentialResolver: CredentialResolver = {
    resolve: async (tenantId, credentialId) => {
      resolved.push(`${tenantId}/${credentialId}`);
      return tenantId === credential.tenantId && credentialId === credential.id ? credential : undefined;
    },
  };
  const health = new LoopHealth();
  let dir: string;
  let thread: DiscoveryWorkerThread | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-wthread-'));
    nats = await useTestNats();
    client = await connectMessaging({ servers: [nats.url], namespace: ns });
    await client.ensureStreams();
    jsm = await jetstreamManager(client.connection);
    [reports, logs] = await Promise.all([
      MessageCollector.start<JobReport>(client, 'work', 'work.jobs.reports.>'),
      MessageCollector.start<JobLogLine>(client, 'logs', 'logs.>'),
    ]);
    thread = new DiscoveryWorkerThread({
      entry: resolve(__dirname, '../fixtures/thread-program.ts'),
      credentialResolver,
      health,
      env: { ...process.env, NATS_URL: nats.url, STRATA_NS: ns, DISCOVERY_ACK_WAIT_MS: '2000', DISCOVERY_WORKER_ID: 'thread-a', LOG_LEVEL: 'warn' },
    });
    thread.start();
  });

  afterAll(async () => {
    await thread?.stop();
    await Promise.all([reports?.stop(), logs?.stop()]);
    await client?.close();
    await deleteNamespaceStreams(nats.url, ns);
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function submit(plugin: string, config: Record<string, unknown>, credentialId = 'cred-demo'): Promise<DiscoveryWorkItem> {
    const item: DiscoveryWorkItem = { tenantId: TENANT, jobId: `job-${randomUUID()}`, plugin, credentialId, config };
    await client.publish(subjects.discoveryWork(plugin), item, { msgId: workItemMsgId(item) });
    return item;
  }

  const reportsOf = (jobId: string) => reports.where((r) => r.jobId === jobId).map((m) => m.data);

  async function workLeft(plugin: string): Promise<number> {
    const subject = client.namespace.subject(subjects.discoveryWork(plugin));
    const info = await jsm.streams.info(`${ns}_WORK`, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  }

  it('runs work items in the thread, with the credential the app resolves, its log and reports', async () => {
    const item = await submit('demo', { size: 600 });
    const completed = await waitFor(() => reportsOf(item.jobId).find((r) => r.type === 'PluginRunCompleted'), { message: 'the run to complete' });
    expect(completed).toMatchObject({ batches: 2 });
    expect(reportsOf(item.jobId).find((r) => r.type === 'PluginRunStarted')).toMatchObject({ workerId: 'thread-a' });
    expect(resolved).toContain(`${TENANT}/cred-demo`);
    await waitFor(() => logs.all.some((m) => m.subject === subjects.logs(TENANT, item.jobId)), { message: 'the run\'s log lines' });

    // A credential the app does not have fails the run.
    const missing = await submit('demo', { size: 10 }, 'cred-missing');
    const failed = await waitFor(() => reportsOf(missing.jobId).find((r) => r.type === 'PluginRunFailed'), { message: 'the run to fail' });
    expect(failed).toMatchObject({ error: { code: 'invalid_credential' } });
  });

  it('shows as down while a thread that ended unasked is restarted, then runs work again', async () => {
    const crash = await submit('crash', { marker: join(dir, 'crashed') });
    await waitFor(() => health.downLoops().some((loop) => loop.name === DISCOVERY_THREAD_LOOP), { message: 'the thread to show as down' });
    await waitFor(() => health.downLoops().length === 0, { timeoutMs: 20_000, message: 'the restarted thread to be up' });
    // The item the crash interrupted (its run never ends in the thread that died) is redelivered
    // to the new thread and completes there. Its attempt number may say 1 again: the server can
    // count a redelivery into the dead thread's pull as never made (see DurableConsumer).
    await waitFor(() => reportsOf(crash.jobId).some((r) => r.type === 'PluginRunCompleted'), { timeoutMs: 30_000, message: () => `the interrupted item to be redone: ${JSON.stringify(reportsOf(crash.jobId))} ${JSON.stringify(health.downLoops())}` });
    const item = await submit('demo', { size: 50 });
    await waitFor(() => reportsOf(item.jobId).some((r) => r.type === 'PluginRunCompleted'), { message: 'the restarted thread to run work' });
  });

  it('on stop hands the running run back, unacknowledged, and ends the thread', async () => {
    const item = await submit('demo', { size: 50_000, delay_ms: 500 });
    await waitFor(() => reportsOf(item.jobId).some((r) => r.type === 'PluginRunStarted'), { message: 'the slow run to start' });
    await thread!.stop();
    expect(await workLeft('demo')).toBe(1);
    expect(reportsOf(item.jobId).map((r) => r.type)).not.toContain('PluginRunCompleted');
    expect(health.downLoops()).toEqual([]);
  });
});
