import { jetstreamManager } from '@nats-io/jetstream';
import type { INestMicroservice } from '@nestjs/common';
import { subjects, type DiscoveryWorkItem, type JobReport } from '@strata/contracts';
import { EventRelay } from '@strata/platform-event-relay';
import { SqliteEventStore } from '@strata/platform-event-store';
import type { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { openServiceFixture, startNatsTransport, type ServiceFixture } from '@strata/service-testing';
import { waitFor } from '@strata/testing';
import { activeJobsCollection, queuedJobsCollection, SYSTEM_TENANT } from '../read-model/jobs-collection';
import { JobProjection } from '../read-model/job-projection';
import { JobQueries } from '../read-model/job-queries';
import { JobOrchestratorModule } from '../nest/job-orchestrator.module';
import { JobOrchestrator, LOG_END_HEADER } from './job-orchestrator';
import type { CreateJobRpc } from '../create-job/create-job.message';
import type { JobRpcReply } from './job-rpc-reply';

const tenantId = 'acme-corp';
/** A SQLite event store's checkpoint is the event's position in decimal. */
const sqlitePosition = (checkpoint: string): number => Number(checkpoint);

describe('JobOrchestrator (with the relay and the job projection)', () => {
  let fixture: ServiceFixture;
  let namespace: string;
  let messaging: MessagingClient;
  let events: SqliteEventStore;
  let readStore: ReadStore;
  let relay: EventRelay;
  let projection: JobProjection;
  let orchestrator: JobOrchestrator;
  let transport: INestMicroservice | undefined;
  let queries: JobQueries;
  const workItems: DiscoveryWorkItem[] = [];

  beforeAll(async () => {
    fixture = await openServiceFixture('orch');
    ({ namespace, messaging, readStore } = fixture);
    events = new SqliteEventStore({ path: fixture.dbPath });
    relay = new EventRelay({ events, messaging, checkpoints: readStore.checkpoints });
    projection = new JobProjection({ events, readStore });
    orchestrator = new JobOrchestrator({ messaging, events, readStore, sweepIntervalMs: 200, silenceTimeoutMs: 60_000 });
    queries = new JobQueries(readStore);
    relay.start();
    projection.start();
    await orchestrator.start();
    transport = await startNatsTransport(messaging, JobOrchestratorModule.forInstance(orchestrator));
    // Stands in for the demo workers: takes work items off WORK.
    await messaging.consume<DiscoveryWorkItem>({
      stream: 'work',
      durable: 'test-worker',
      filterSubject: 'work.discovery.>',
      handler: async ({ data }) => void workItems.push(data),
    });
  });

  afterAll(async () => {
    await transport?.close();
    await orchestrator.stop();
    await projection.stop();
    await relay.stop();
    await events?.close();
    await fixture?.close();
  });

  const createRequest = (jobId: string, extra: Partial<CreateJobRpc> = {}): CreateJobRpc => ({
    tenantId,
    jobId,
    name: `Demo ${jobId}`,
    plugins: ['demo'],
    credentialId: 'cred-demo',
    config: { size: 10 },
    pluginConfigs: { demo: { size: 10 } },
    ...extra,
  });
  const create = (request: CreateJobRpc) => messaging.request<JobRpcReply>(subjects.jobCommand('create'), request);
  const report = (r: JobReport, msgId: string) => messaging.publish(subjects.jobReports(r.tenantId), r, { msgId });
  const jobView = (jobId: string) => queries.get(tenantId, jobId);

  async function logLines(jobId: string) {
    const jsm = await jetstreamManager(messaging.connection);
    const stream = `${namespace}_LOGS`;
    const subject = `${namespace}.${subjects.logs(tenantId, jobId)}`;
    const message = await jsm.streams.getMessage(stream, { last_by_subj: subject }).catch(() => null);
    return message ? { line: message.json<{ level: string; msg: string }>(), end: message.header?.get(LOG_END_HEADER) } : undefined;
  }

  /** Every line of the job's log so far, in order. */
  async function allLogLines(jobId: string): Promise<string[]> {
    const jsm = await jetstreamManager(messaging.connection);
    const stream = `${namespace}_LOGS`;
    const subject = `${namespace}.${subjects.logs(tenantId, jobId)}`;
    const { state } = await jsm.streams.info(stream);
    const lines: string[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (message?.subject === subject) lines.push(message.json<{ msg: string }>().msg);
    }
    return lines;
  }

  it('runs a job through every phase to completed, with the stats the reports gave', async () => {
    const reply = await create(createRequest('job-a'));
    // Pending until a worker takes its run: no worker has yet.
    expect(reply).toMatchObject({ ok: true, job: { id: 'job-a', tenant_id: tenantId, status: 'pending', plugins: ['demo'], progress: { phase: 'pending' } } });

    const item = await waitFor(() => workItems.find((w) => w.jobId === 'job-a'), { message: 'the work item' });
    expect(item).toEqual({ tenantId, jobId: 'job-a', plugin: 'demo', credentialId: 'cred-demo', config: { size: 10 } });

    const base = { tenantId, jobId: 'job-a', plugin: 'demo', attempt: 1 };
    await report({ type: 'PluginRunStarted', ...base, workerId: 'w1' }, 'a-started');
    await waitFor(async () => (await jobView('job-a'))?.status === 'running', { message: 'job-a running once a worker took it' });
    await report({ type: 'PluginRunProgressed', ...base, resourceCounts: { vpcs: 1 }, fractionDone: 0.5 }, 'a-progress');
    const live = await waitFor(async () => {
      const view = await jobView('job-a');
      return view?.progress.counts['vpcs'] === 1 ? view : undefined;
    }, { message: 'live counts' });
    expect(live.progress.percent).toBe(40); // half of discovery's 5-75
    await report({ type: 'PluginRunCompleted', ...base, batches: 1, scope: 'demo', resourceCounts: { vpcs: 1, subnets: 3 } }, 'a-done');
    await waitFor(async () => (await jobView('job-a'))?.progress.phase === 'reconciling', { message: 'reconciling' });
    await report({ type: 'InventoryProgressed', tenantId, jobId: 'job-a', batchesIngested: 1, batchesTotal: 2 }, 'a-inv-progress');
    await waitFor(async () => (await jobView('job-a'))?.progress.percent === 82, { message: 'ingest progress in the percent' });
    await report({ type: 'InventoryReconciled', tenantId, jobId: 'job-a', nodesDiscovered: 10, nodesUpdated: 2, nodesRemoved: 1, edgesCreated: 7 }, 'a-inv');
    await report({ type: 'AuditCompleted', tenantId, jobId: 'job-a', findingsCreated: 3, findingsResolved: 1 }, 'a-audit');

    const done = await waitFor(async () => {
      const view = await jobView('job-a');
      return view?.status === 'completed' ? view : undefined;
    }, { message: 'job-a completed' });
    expect(done.stats).toMatchObject({ nodes_discovered: 10, nodes_updated: 2, nodes_removed: 1, edges_created: 7, findings_created: 3, findings_resolved: 1 });
    expect(done.progress).toEqual({ phase: 'completed', percent: 100, counts: { vpcs: 1, subnets: 3 } });
    expect(done.completed_at).toBeDefined();

    // The last line so far until the closing one is written: wait for that one.
    const last = await waitFor(async () => {
      const line = await logLines('job-a');
      return line?.end === 'true' ? line : undefined;
    }, { message: 'closing log line' });
    expect(last.end).toBe('true');
    expect(last.line.msg).toMatch(/^Job completed in \d+s: 10 nodes \(2 updated, 1 removed\), 7 new edges, 3 findings opened, 1 resolved$/);
    // The job's own lines between discovery and the end, in the order of its events.
    expect(await allLogLines('job-a')).toEqual([
      'Reconciling demo once the 1 batch discovered is stored',
      'Stored 1 of 2 batches',
      'Reconciled: 10 nodes (2 updated, 1 removed), 7 new edges; auditing',
      expect.stringMatching(/^Job completed in /),
    ]);
  });

  it('answers a retried create (same request hash) with the same job, and refuses another body under the same id', async () => {
    const first = await create(createRequest('job-idem', { requestHash: 'h1' }));
    const again = await create(createRequest('job-idem', { requestHash: 'h1' }));
    expect(first).not.toHaveProperty('replayed');
    expect(again).toEqual({ ...first, replayed: true });
    expect(await create(createRequest('job-idem', { requestHash: 'h2', name: 'other' }))).toMatchObject({ ok: false, code: 'idempotency_key_reused' });
    expect((await events.read('job-job-idem')).filter((e) => e.type === 'JobRequested')).toHaveLength(1);
  });

  it('answers the same key sent twice at once with one job', async () => {
    const replies = await Promise.all([1, 2, 3].map(() => orchestrator.createJob.handle(createRequest('job-race', { requestHash: 'r1' }))));
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(new Set(replies.map((r) => (r.ok ? r.job.id : '')))).toEqual(new Set(['job-race']));
    // The one that created the job says nothing more; the others say they were answered with it.
    expect(replies.map((r) => r.ok && r.replayed === true).sort()).toEqual([false, true, true]);
    expect((await events.read('job-job-race')).filter((e) => e.type === 'JobRequested')).toHaveLength(1);
  });

  it('cancels a running job once, then answers 409-worthy job_terminal; other tenants see no job', async () => {
    await create(createRequest('job-c'));
    const cancel = (t: string) => messaging.request<JobRpcReply>(subjects.jobCommand('cancel'), { tenantId: t, jobId: 'job-c' });
    expect(await cancel('other-tenant')).toMatchObject({ ok: false, code: 'job_not_found' });
    expect(await cancel(tenantId)).toMatchObject({ ok: true, job: { status: 'cancelled' } });
    expect(await cancel(tenantId)).toMatchObject({ ok: false, code: 'job_terminal' });
    const last = await waitFor(() => logLines('job-c'), { message: 'closing line of the cancelled job' });
    expect(last).toMatchObject({ end: 'true', line: { level: 'warn' } });
    // A late report from a worker changes nothing.
    await report({ type: 'PluginRunCompleted', tenantId, jobId: 'job-c', plugin: 'demo', attempt: 1, batches: 0, scope: 'demo', resourceCounts: {} }, 'c-late');
    await waitFor(async () => (await jobView('job-c'))?.status === 'cancelled', { message: 'cancelled view' });
    expect((await events.read('job-job-c')).map((e) => e.type)).toEqual(['JobRequested', 'JobStarted', 'JobCancelled']);
  });

  it('fails the job with the plugin\'s error code', async () => {
    await create(createRequest('job-f'));
    const error = { code: 'rate_limited', message: 'Rate exceeded' } as const;
    await report({ type: 'PluginRunFailed', tenantId, jobId: 'job-f', plugin: 'demo', attempt: 1, error }, 'f-failed');
    const view = await waitFor(async () => {
      const v = await jobView('job-f');
      return v?.status === 'failed' ? v : undefined;
    }, { message: 'job-f failed' });
    expect(view.error).toEqual(error);
  });

  it('fails the job when inventory rejects its resources', async () => {
    await create(createRequest('job-r'));
    const error = { code: 'node_limit_exceeded', message: 'the job would exceed the tenant\'s 100-node limit by 20 nodes' } as const;
    await report({ type: 'InventoryRejected', tenantId, jobId: 'job-r', error }, 'r-rejected');
    const view = await waitFor(async () => {
      const v = await jobView('job-r');
      return v?.status === 'failed' ? v : undefined;
    }, { message: 'job-r failed' });
    expect(view.error).toEqual(error);
  });

  it('fails a job whose workers went silent with worker_timeout, but not one still waiting for a worker', async () => {
    const silentOrchestrator = new JobOrchestrator({ messaging, events, readStore, sweepIntervalMs: 100, silenceTimeoutMs: 1, now: () => new Date(Date.now() + 60_000) });
    await create(createRequest('job-q'));
    await create(createRequest('job-s'));
    await report({ type: 'PluginRunStarted', tenantId, jobId: 'job-s', plugin: 'demo', attempt: 1, workerId: 'w1' }, 's-started');
    await waitFor(async () => (await jobView('job-s'))?.status === 'running', { message: 'job-s running' });
    // Only the sweeper of this instance runs: the main one's transport serves the requests and consumers.
    await silentOrchestrator.start();
    try {
      const view = await waitFor(async () => {
        const v = await jobView('job-s');
        return v?.status === 'failed' ? v : undefined;
      }, { message: 'job-s timed out' });
      expect(view.error).toEqual({ code: 'worker_timeout', message: expect.stringMatching(/^no word from the job's discovery workers since /) });
      // Queued behind others (no worker took it), job-q has nobody to be silent: it waits.
      expect(await jobView('job-q')).toMatchObject({ status: 'pending' });
    } finally {
      await silentOrchestrator.stop();
    }
  });

  it('says once in the log of a job no worker took a while why it waits, and leaves it pending', async () => {
    const noticing = new JobOrchestrator({ messaging, events, readStore, sweepIntervalMs: 100, queueNoticeMs: 1_000, silenceTimeoutMs: 60_000 });
    // No worker runs the ghost plugin: the test's stand-in takes its work item under another durable.
    await create(createRequest('job-w', { plugins: ['ghost'], config: {}, pluginConfigs: { ghost: {} } }));
    await noticing.start();
    try {
      const notice = /^Still pending after \d+s\. ghost: no discovery worker for it has ever connected \(start one that runs the ghost plugin\)$/;
      await waitFor(async () => (await allLogLines('job-w')).some((line) => notice.test(line)), { message: 'the queue notice' });
      const queued = readStore.collection(queuedJobsCollection).forTenant(SYSTEM_TENANT);
      await waitFor(async () => (await queued.get(`${tenantId}:job-w`)) === undefined, { message: 'the job out of the queued jobs once noted' });
      const sweeps = noticing.sweepsCompleted;
      await waitFor(() => noticing.sweepsCompleted >= sweeps + 6, { message: 'three more rounds of sweeps' });
      expect((await allLogLines('job-w')).filter((line) => notice.test(line))).toHaveLength(1);
      expect(await logLines('job-w')).toMatchObject({ line: { level: 'warn' } });
      expect(await jobView('job-w')).toMatchObject({ status: 'pending', progress: { phase: 'pending', percent: 0 } });
    } finally {
      await noticing.stop();
    }
  });

  it('rebuilds the read models from zero to the same documents', async () => {
    const systemDocs = async () => {
      const read = async (definition: typeof queuedJobsCollection | typeof activeJobsCollection) =>
        (await readStore.collection<object>(definition).forTenant(SYSTEM_TENANT).find({ limit: 100 })).items;
      return { queued: await read(queuedJobsCollection), active: await read(activeJobsCollection) };
    };
    // A job still queued and not yet noted (job-q and job-w were noted by the test above).
    await create(createRequest('job-z', { plugins: ['ghost'], config: {}, pluginConfigs: { ghost: {} } }));
    await waitFor(async () => (await systemDocs()).queued.length === 1, { message: 'job-z among the queued jobs' });
    const before = await queries.list(tenantId, { page: 1, per_page: 100, sort: 'name' });
    const systemBefore = await systemDocs();
    expect(systemBefore.queued).toEqual([{ id: `${tenantId}:job-z`, doc: expect.objectContaining({ job_id: 'job-z', plugins: ['ghost'] }) }]);
    await projection.rebuild();
    await waitFor(async () => projection.position !== undefined && sqlitePosition(projection.position) >= sqlitePosition((await lastPosition())!), {
      message: 'rebuild caught up',
    });
    const after = await queries.list(tenantId, { page: 1, per_page: 100, sort: 'name' });
    expect(after).toEqual(before);
    expect(after.total).toBeGreaterThanOrEqual(5);
    expect(await systemDocs()).toEqual(systemBefore);
  });

  async function lastPosition(): Promise<string | undefined> {
    let last: string | undefined;
    for (const stream of ['job-job-a', 'job-job-idem', 'job-job-race', 'job-job-c', 'job-job-f', 'job-job-r', 'job-job-s', 'job-job-w', 'job-job-z']) {
      for (const e of await events.read(stream)) if (!last || sqlitePosition(e.globalPosition) > sqlitePosition(last)) last = e.globalPosition;
    }
    return last;
  }
});
