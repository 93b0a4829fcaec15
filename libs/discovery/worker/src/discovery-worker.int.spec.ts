import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { INestMicroservice } from '@nestjs/common';
import {
  eventEnvelope,
  batchMsgId,
  discoveryDurableName,
  MAX_BATCH_NODES,
  subjects,
  workItemMsgId,
  type CredentialResolver,
  type DiscoveryWorkItem,
  type JobLogLine,
  type JobReport,
  type ResolvedCredential,
  type ResourceBatch,
} from '@strata/contracts';
import { connectMessaging, type MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import { DemoEstate, demoPlugin } from '@strata/plugins-demo';
import { startNatsTransport } from '@strata/service-testing';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import { eagerPlugin, eagerTurnsAtNode } from './fixtures/eager-plugin';
import { leakyPlugin } from './fixtures/leaky-plugin';
import { MessageCollector } from './fixtures/message-collector';
import { DiscoveryWorkerModule } from './nest/discovery-worker.module';
import { DiscoveryWorker } from './worker/discovery-worker';

const TENANT = 'acme-corp';
const SECRET = 'sk-live-7f3a9c1e5b2d4068';
const credentials: ResolvedCredential[] = [
  { id: 'cred-demo', tenantId: TENANT, kind: 'demo', secret: { api_key: SECRET } },
  { id: 'cred-aws', tenantId: TENANT, kind: 'aws', secret: { access_key_id: 'AKIAEXAMPLE0001', secret_access_key: SECRET } },
];
const credentialResolver: CredentialResolver = {
  resolve: async (tenantId, credentialId) => credentials.find((c) => c.tenantId === tenantId && c.id === credentialId),
};

/** The demo estate as the plugin streams it: present slots in index order, each node's edges after it. */
function expectedEstate(size: number, seed: string) {
  const estate = new DemoEstate(size, seed);
  const nodeIds: string[] = [];
  const edgeIds: string[] = [];
  const resourceCounts: Record<string, number> = {};
  for (let index = 0; index < size; index++) {
    const node = estate.node(index);
    if (!node) continue;
    nodeIds.push(node.id);
    const key = demoPlugin.progressKey(node.type);
    if (key) resourceCounts[key] = (resourceCounts[key] ?? 0) + 1;
    for (const edge of estate.edges(index)) edgeIds.push(`${edge.from}|${edge.type}|${edge.to}`);
  }
  return { nodeIds, edgeIds, resourceCounts };
}

describe('DiscoveryWorker', () => {
  const ns = uniqueNamespace('worker');
  let nats: TestNats;
  let client: MessagingClient;
  let jsm: JetStreamManager;
  let worker: DiscoveryWorker;
  let transport: INestMicroservice | undefined;
  let reports: MessageCollector<JobReport>;
  let batches: MessageCollector<ResourceBatch>;
  let logs: MessageCollector<JobLogLine>;
  let processLog = '';

  beforeAll(async () => {
    nats = await useTestNats();
    const logger = createLogger({
      name: 'test',
      level: 'debug',
      destination: new Writable({ write: (chunk, _encoding, done) => ((processLog += String(chunk)), done()) }),
    });
    client = await connectMessaging({ servers: [nats.url], namespace: ns }, { logger });
    await client.ensureStreams();
    jsm = await jetstreamManager(client.connection);
    [reports, batches, logs] = await Promise.all([
      MessageCollector.start<JobReport>(client, 'work', 'work.jobs.reports.>'),
      MessageCollector.start<ResourceBatch>(client, 'batches', 'discovery.batches.>'),
      MessageCollector.start<JobLogLine>(client, 'logs', 'logs.>'),
    ]);
    worker = new DiscoveryWorker({
      messaging: client,
      plugins: [demoPlugin, leakyPlugin, eagerPlugin],
      credentialResolver,
      workerId: 'worker-a',
      maxDeliver: 3,
      redeliveryBackoff: { initialDelayMs: 50, multiplier: 1, maxDelayMs: 50, jitter: 0 },
      progressIntervalMs: 20,
      logger,
    });
    await worker.start();
    transport = await startNatsTransport(client, DiscoveryWorkerModule.forInstance(worker));
  });

  afterAll(async () => {
    await transport?.close();
    await worker?.stop();
    await Promise.all([reports?.stop(), batches?.stop(), logs?.stop()]);
    await client?.close();
    await deleteNamespaceStreams(nats.url, ns);
    await nats?.stop();
  });

  async function submit(plugin: string, config: Record<string, unknown>, credentialId = 'cred-demo'): Promise<DiscoveryWorkItem> {
    const item: DiscoveryWorkItem = { tenantId: TENANT, jobId: `job-${randomUUID()}`, plugin, credentialId, config };
    await client.publish(subjects.discoveryWork(plugin), item, { msgId: workItemMsgId(item) });
    return item;
  }

  const reportsOf = (jobId: string) => reports.where((r) => r.jobId === jobId).map((m) => m.data);
  const batchesOf = (jobId: string) => batches.where((b) => b.jobId === jobId);
  const logsOf = (jobId: string) => logs.all.filter((m) => m.subject === subjects.logs(TENANT, jobId));

  async function outcomeOf(jobId: string): Promise<JobReport> {
    return waitFor(() => reportsOf(jobId).find((r) => r.type === 'PluginRunCompleted' || r.type === 'PluginRunFailed'), {
      message: `job ${jobId} to complete or fail`,
    });
  }

  /** Acknowledged (or terminated): a work-queue stream keeps an item until then. */
  async function workLeft(plugin: string): Promise<number> {
    const subject = client.namespace.subject(subjects.discoveryWork(plugin));
    const info = await jsm.streams.info(`${ns}_WORK`, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  }

  async function settled(plugin: string): Promise<void> {
    await waitFor(async () => (await workLeft(plugin)) === 0 && worker.activeRuns === 0, { message: `the ${plugin} work item to be acknowledged` });
    await Promise.all([reports.caughtUp(), batches.caughtUp(), logs.caughtUp()]);
  }

  it('streams a demo estate out in batches of at most 500 nodes, with its log and reports, then acknowledges the item', async () => {
    const item = await submit('demo', { size: 1_200, seed: 'seed-x' });
    const outcome = await outcomeOf(item.jobId);
    await settled('demo');
    const expected = expectedEstate(1_200, 'seed-x');

    const published = batchesOf(item.jobId);
    expect(published).toHaveLength(Math.ceil(expected.nodeIds.length / MAX_BATCH_NODES));
    published.forEach(({ data: batch, msgId, subject }, sequence) => {
      expect(subject).toBe(subjects.batches(TENANT, item.jobId));
      expect(batch).toMatchObject({ tenantId: TENANT, jobId: item.jobId, plugin: 'demo', attempt: 1, sequence, scope: 'demo:1200' });
      expect(msgId).toBe(batchMsgId(batch));
      expect(batch.nodes.length).toBeLessThanOrEqual(MAX_BATCH_NODES);
    });
    const nodeIds = published.flatMap(({ data }) => data.nodes.map((node) => node.id));
    expect(nodeIds).toEqual(expected.nodeIds);
    expect(new Set(nodeIds).size).toBe(nodeIds.length);
    expect(published.flatMap(({ data }) => data.edges.map((e) => `${e.from}|${e.type}|${e.to}`))).toEqual(expected.edgeIds);

    const runReports = reportsOf(item.jobId);
    expect(runReports[0]).toEqual({ type: 'PluginRunStarted', tenantId: TENANT, jobId: item.jobId, plugin: 'demo', attempt: 1, workerId: 'worker-a' });
    const progress = runReports.filter((r) => r.type === 'PluginRunProgressed');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    // The demo plugin tells how far it is: every slot of the estate scanned by the end.
    expect(progress.at(-1)).toMatchObject({ attempt: 1, resourceCounts: expected.resourceCounts, fractionDone: 1 });
    expect(runReports.filter((r) => r.type === 'PluginRunCompleted')).toEqual([outcome]);
    expect(runReports.at(-1)).toEqual({
      type: 'PluginRunCompleted',
      tenantId: TENANT,
      jobId: item.jobId,
      plugin: 'demo',
      attempt: 1,
      batches: published.length,
      scope: 'demo:1200',
      startedAt: expect.any(String),
      resourceCounts: expected.resourceCounts,
    });
    // Each batch says when it was observed: not before its attempt started, in publish order.
    const observed = published.map(({ data }) => Date.parse(data.observedAt!));
    expect(observed).toEqual([...observed].sort((a, b) => a - b));
    expect(observed[0]).toBeGreaterThanOrEqual(Date.parse((outcome as { startedAt: string }).startedAt));

    const lines = logsOf(item.jobId);
    expect(lines.map((line) => line.msgId)).toEqual(lines.map((_, n) => `${item.jobId}:demo:1:log:${n}`));
    expect(lines[0]?.data.msg).toMatch(/^Starting demo plugin for a 1200-resource estate/);
    expect(lines.at(-1)?.data).toMatchObject({
      level: 'info',
      msg: `Discovery complete: ${expected.nodeIds.length} nodes, ${expected.edgeIds.length} edges`,
    });
    const scanned = lines.map((line) => /^Scanned (\d+) of/.exec(line.data.msg)?.[1]).filter((n) => n !== undefined).map(Number);
    expect(scanned).toEqual([...scanned].sort((a, b) => a - b));
    expect(lines.every((line) => !Number.isNaN(Date.parse(line.data.ts)))).toBe(true);
  });

  it('lets the event loop turn after each batch of a plugin that never waits', async () => {
    const item = await submit('eager', { nodes: 3 * MAX_BATCH_NODES + 2 });
    await outcomeOf(item.jobId);
    await settled('eager');
    expect(batchesOf(item.jobId)).toHaveLength(4);
    const turnsAtNode = eagerTurnsAtNode.at(-1)!;
    // A batch is published when the node that does not fit arrives; the plugin is asked for the
    // next one after the turn. (Without it, the loop only turns when a progress report is due.)
    for (const full of [1, 2, 3].map((batch) => batch * MAX_BATCH_NODES)) {
      expect(turnsAtNode[full + 1]).toBeGreaterThan(turnsAtNode[full]!);
    }
  });

  it('reports a PluginError with its code and acknowledges the item instead of retrying it', async () => {
    const item = await submit('demo', { size: 1_200, fail_with: 'rate_limited', fail_after: 600 });
    expect(await outcomeOf(item.jobId)).toEqual({
      type: 'PluginRunFailed',
      tenantId: TENANT,
      jobId: item.jobId,
      plugin: 'demo',
      attempt: 1,
      error: { code: 'rate_limited', message: 'Rate exceeded: too many requests (simulated)' },
    });
    await settled('demo');
    const runReports = reportsOf(item.jobId).filter((r) => r.type !== 'PluginRunProgressed');
    expect(runReports.map((r) => `${r.type}:${'attempt' in r ? r.attempt : ''}`)).toEqual(['PluginRunStarted:1', 'PluginRunFailed:1']);
    // What was published before the failure stays published.
    expect(batchesOf(item.jobId).map(({ data }) => [data.sequence, data.nodes.length])).toEqual([[0, 500]]);
    expect(logsOf(item.jobId).at(-1)?.data).toMatchObject({ level: 'error', msg: 'Plugin demo failed (rate_limited): Rate exceeded: too many requests (simulated)' });
  });

  it('fails a run whose credential is missing, or of the wrong kind, with invalid_credential', async () => {
    const missing = await submit('demo', { size: 10 }, 'cred-deleted');
    const wrongKind = await submit('demo', { size: 10 }, 'cred-aws');
    expect(await outcomeOf(missing.jobId)).toMatchObject({
      type: 'PluginRunFailed',
      error: { code: 'invalid_credential', message: 'Credential cred-deleted was not found (deleted since the job was created?)' },
    });
    expect(await outcomeOf(wrongKind.jobId)).toMatchObject({
      type: 'PluginRunFailed',
      error: { code: 'invalid_credential', message: 'Credential cred-aws is of kind aws; plugin demo accepts demo' },
    });
    await settled('demo');
    expect(batchesOf(missing.jobId)).toEqual([]);
  });

  it('fails a run whose config does not validate with plugin_error, naming the field', async () => {
    const item = await submit('demo', { size: 'big' });
    const outcome = await outcomeOf(item.jobId);
    expect(outcome).toMatchObject({ type: 'PluginRunFailed', attempt: 1, error: { code: 'plugin_error' } });
    expect(outcome.type === 'PluginRunFailed' && outcome.error.message).toMatch(/^Invalid configuration for plugin demo: size: /);
    await settled('demo');
  });

  it('keeps reporting while its plugin finds nothing, so the job is not taken for silent', async () => {
    // The demo plugin pauses 3 s after its first 500 resources; a keep-alive is due every 60
    // progress intervals (1.2 s here) even with no news.
    const item = await submit('demo', { size: 700, seed: 'quiet', delay_ms: 3_000 });
    await outcomeOf(item.jobId);
    const progress = reportsOf(item.jobId).filter((r) => r.type === 'PluginRunProgressed');
    const repeats = progress.filter((report, n) => n > 0 && JSON.stringify(report) === JSON.stringify(progress[n - 1]));
    expect(repeats.length).toBeGreaterThanOrEqual(1);
    expect(repeats[0]).toMatchObject({ resourceCounts: expect.any(Object) });
  });

  it('aborts a running run promptly when its job is cancelled, keeps what it published, reports nothing more and acknowledges it', async () => {
    // 2 million resources at a quarter second per 500: a run left to finish would take over 15 minutes.
    const item = await submit('demo', { size: 2_000_000, delay_ms: 250 });
    await waitFor(() => batchesOf(item.jobId).length >= 2, { message: 'the slow run to publish two batches' });

    const cancelled = eventEnvelope({ id: randomUUID(), category: 'job', name: 'JobCancelled', tenantId: TENANT, time: new Date().toISOString(), data: { jobId: item.jobId, cancelledAt: new Date().toISOString() } });
    await client.publish(subjects.event(TENANT, 'job', 'JobCancelled'), cancelled, { msgId: cancelled.id });
    await waitFor(async () => (await workLeft('demo')) === 0 && worker.activeRuns === 0, { message: 'the cancelled run to end' });

    await settled('demo');
    const types = reportsOf(item.jobId).map((r) => r.type);
    expect(types).not.toContain('PluginRunCompleted');
    expect(types).not.toContain('PluginRunFailed');
    const sequences = batchesOf(item.jobId).map(({ data }) => data.sequence);
    expect(sequences).toEqual(sequences.map((_, n) => n));
    expect(sequences.length).toBeLessThan(40);
  });

  it('skips a work item of a job it already heard end', async () => {
    const jobId = `job-${randomUUID()}`;
    const failed = eventEnvelope({
      id: randomUUID(),
      category: 'job',
      name: 'JobFailed',
      tenantId: TENANT,
      time: new Date().toISOString(),
      data: { jobId, error: { code: 'worker_timeout', message: 'silent' }, failedAt: new Date().toISOString() },
    });
    await client.publish(subjects.event(TENANT, 'job', 'JobFailed'), failed, { msgId: failed.id });
    const item: DiscoveryWorkItem = { tenantId: TENANT, jobId, plugin: 'demo', credentialId: 'cred-demo', config: { size: 10 } };
    await client.publish(subjects.discoveryWork('demo'), item, { msgId: workItemMsgId(item) });

    await settled('demo');
    expect(reportsOf(jobId)).toEqual([]);
    expect(batchesOf(jobId)).toEqual([]);
  });

  it('redoes a run that failed unexpectedly as a new attempt, and reports plugin_error on the last allowed one', async () => {
    const item = await submit('leaky', { failure: 'unexpected' });
    const outcome = await outcomeOf(item.jobId);
    expect(outcome).toMatchObject({ type: 'PluginRunFailed', attempt: 3, error: { code: 'plugin_error' } });
    expect(outcome.type === 'PluginRunFailed' && outcome.error.message).toBe(
      'Plugin leaky failed after 3 attempts: Error: socket closed while sending [redacted]',
    );
    await settled('leaky');
    expect(reportsOf(item.jobId).filter((r) => r.type === 'PluginRunStarted').map((r) => r.attempt)).toEqual([1, 2, 3]);
    // Each attempt logs under msgIds of its own; a failed attempt's open batch is not published.
    expect(logsOf(item.jobId).map((line) => [line.msgId, line.data.level])).toEqual([
      [`${item.jobId}:leaky:1:log:0`, 'info'],
      [`${item.jobId}:leaky:1:log:1`, 'warn'],
      [`${item.jobId}:leaky:2:log:0`, 'warn'],
      [`${item.jobId}:leaky:2:log:1`, 'info'],
      [`${item.jobId}:leaky:2:log:2`, 'warn'],
      [`${item.jobId}:leaky:3:log:0`, 'warn'],
      [`${item.jobId}:leaky:3:log:1`, 'info'],
      [`${item.jobId}:leaky:3:log:2`, 'error'],
    ]);
    expect(batchesOf(item.jobId)).toEqual([]);
  });

  it('never publishes or logs a credential secret, whatever the plugin does with it', async () => {
    const item = await submit('leaky', { failure: 'plugin_error' });
    expect(await outcomeOf(item.jobId)).toMatchObject({
      type: 'PluginRunFailed',
      error: { code: 'insufficient_permissions', message: 'Access denied for key [redacted]' },
    });
    await settled('leaky');
    expect(logsOf(item.jobId)[0]?.data.msg).toBe('Connecting with api_key=[redacted]');

    // Everything this suite made the worker publish or log, the failed attempts above included.
    expect(reports.all.length).toBeGreaterThan(10);
    for (const published of [reports.all, batches.all, logs.all]) expect(JSON.stringify(published)).not.toContain(SECRET);
    expect(processLog).toContain('plugin run failed');
    expect(processLog).not.toContain(SECRET);
  });

  it('uses one durable consumer per plugin', async () => {
    const names = (await jsm.consumers.list(`${ns}_WORK`).next()).map((info) => info.name);
    expect(names).toEqual(expect.arrayContaining([discoveryDurableName('demo'), discoveryDurableName('leaky')]));
  });
});
