import { deleteNamespaceStreams, freePort, makeTempDir, startWebhookReceiver, uniqueNamespace, useTestNats, waitFor, type RunningProcess, type TempDir, type TestNats, type WebhookReceiver } from '@strata/testing';
import { ApiClient } from './fixtures/api-client';
import { runBuiltApp } from './fixtures/built-app';
import { expectedStats, snapshotOf } from './fixtures/demo-oracle';

const BOOTSTRAP = 'e2e-bootstrap-token-0123456789';
const SIZE = 3000;
// Far longer than a test waits: a delivery is attempted in time only if recording it wakes the
// sender, which runs on the main thread while the recording runs in the events thread.
const WEBHOOK_POLL_INTERVAL_MS = 600_000;

describe('standalone: every service in one process', () => {
  let nats: TestNats;
  let dir: TempDir;
  let namespace: string;
  let strata: RunningProcess;
  let api: ApiClient;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    nats = await useTestNats();
    dir = await makeTempDir();
    namespace = uniqueNamespace('standalone');
    const port = await freePort();
    strata = runBuiltApp('standalone', { NATS_URL: nats.url, STRATA_NS: namespace, STRATA_DATA_DIR: dir.path, PORT: String(port), HOST: '127.0.0.1', STRATA_BOOTSTRAP_TOKEN: BOOTSTRAP, LOG_LEVEL: 'warn', STRATA_JOB_QUEUE_NOTICE_MS: '1000', STRATA_WEBHOOK_ALLOW_PRIVATE: 'true', STRATA_WEBHOOK_POLL_INTERVAL_MS: String(WEBHOOK_POLL_INTERVAL_MS) });
    await strata.waitForOutput('Strata is running at');
    api = new ApiClient(`http://127.0.0.1:${port}`, BOOTSTRAP);
  });

  afterAll(async () => {
    const exit = await strata.stop();
    await deleteNamespaceStreams(nats.url, namespace);
    await nats.stop();
    await dir.remove();
    await receiver.close();
    expect(exit).toBe(0);
  });

  const demoJob = (config: Record<string, unknown>) => ({ name: `demo ${JSON.stringify(config)}`, plugins: ['demo'], credential_id: 'cred-demo', config });

  it('prints the next steps: where it runs and a ready demo job (the bootstrap token came from the environment)', () => {
    expect(strata.log).toContain('/api/v1/tenants/demo/jobs');
    expect(strata.log).toContain('"credential_id": "cred-demo"');
    expect(strata.log).toContain('/api/v1/tenants/demo/findings/summary');
    expect(strata.log).not.toContain(BOOTSTRAP);
  });

  it('runs a demo job to completed with exact stats, then another seed with real updated and removed counts', async () => {
    const one = snapshotOf(SIZE, 'one');
    const two = snapshotOf(SIZE, 'two');

    const first = await api.ok('POST', '/api/v1/tenants/demo/jobs', demoJob({ size: SIZE, seed: 'one' }));
    // Created, not yet started: the in-process worker takes its run a moment later.
    expect(first).toMatchObject({ status: 'pending', tenant_id: 'demo' });
    const done = await api.jobIn('demo', String(first['id']), ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', stats: expectedStats(undefined, one), progress: { phase: 'completed', percent: 100 } });
    expect((done['progress'] as { counts: Record<string, number> }).counts['vpcs']).toBe(SIZE / 100);
    // The job's savings are those of the open cost findings of its scope, priced from the price table.
    const costFindings = await api.ok('GET', '/api/v1/tenants/demo/findings?kind=cost&limit=1');
    expect(done['estimated_monthly_savings']).toBeGreaterThan(0);
    expect(done['estimated_monthly_savings']).toBe(costFindings['estimated_monthly_savings']);

    const second = await api.ok('POST', '/api/v1/tenants/demo/jobs', demoJob({ size: SIZE, seed: 'two' }));
    const again = await api.jobIn('demo', String(second['id']), ['completed', 'failed']);
    const stats = expectedStats(one, two);
    expect(again).toMatchObject({ status: 'completed', stats });
    expect(stats.nodes_updated).toBeGreaterThan(0);
    expect(stats.nodes_removed).toBeGreaterThan(0);
    expect(stats.findings_resolved).toBeGreaterThan(0);

    const log = await api.logOf('demo', String(second['id']));
    expect(log[0]).toMatchObject({ level: 'info', msg: `Starting demo plugin for a ${SIZE}-resource estate (seed "two")` });
    expect(String(log.at(-1)!['msg'])).toMatch(/^Job completed in \d+s: /);
  });

  it("records a job's events in the feed and sends each to the webhook that wants it, as soon as recorded", async () => {
    await api.ok('POST', '/api/v1/tenants/demo/webhooks', { url: `${receiver.base}/hook`, events: ['job.JobCompleted'] });
    // A new webhook applies to events recorded from a second later (the recorder reads a tenant's
    // webhooks at most once a second; the earlier tests' events may still be being recorded).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const job = await api.ok('POST', '/api/v1/tenants/demo/jobs', demoJob({ size: 100, seed: 'webhook' }));
    const jobId = String(job['id']);
    await api.jobIn('demo', jobId, ['completed', 'failed']);

    const completedEvent = await waitFor(
      async () => {
        const feed = await api.ok('GET', '/api/v1/tenants/demo/events?type=job.JobCompleted&limit=100');
        return (feed['items'] as { id: string; data: { jobId?: string } }[]).find((event) => event.data.jobId === jobId);
      },
      { timeoutMs: 20_000, message: "the job's JobCompleted in the feed" },
    );
    const sent = await waitFor(() => receiver.received.map(({ body }) => JSON.parse(body) as { id: string }).find((event) => event.id === completedEvent.id), {
      timeoutMs: 20_000,
      message: 'the JobCompleted delivered, well before the sender would have polled for it',
    });
    expect(sent).toEqual(completedEvent);
    // Only the type the webhook asked for.
    expect(receiver.received.map(({ body }) => (JSON.parse(body) as { type: string }).type).every((type) => type === 'job.JobCompleted')).toBe(true);
  });

  it("serves the demo tenant's settings from the built app, with the exchange-rate table it ships", async () => {
    expect(await api.ok('GET', '/api/v1/tenants/demo/settings/general')).toMatchObject({ currency: 'USD', exchange_rate: { base: 'USD', rate: 1 } });
    expect(await api.ok('PATCH', '/api/v1/tenants/demo/settings/general', { currency: 'EUR' })).toMatchObject({ currency: 'EUR', exchange_rate: { rate: expect.any(Number) } });
    expect(await api.ok('PATCH', '/api/v1/tenants/demo/settings/scan-policy', { providers: { demo: { lookback_days: 7 } } })).toMatchObject({ providers: { demo: { lookback_days: 7 } } });
  });

  it('fails a job with the error code the plugin reports', async () => {
    const job = await api.ok('POST', '/api/v1/tenants/demo/jobs', demoJob({ size: 100, fail_with: 'insufficient_permissions' }));
    const failed = await api.jobIn('demo', String(job['id']), ['failed', 'completed']);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'insufficient_permissions' } });
  });

  it('counts every node each of two jobs over the same estate at the same time saw', async () => {
    // A tenant of its own: a first discovery, run twice at once, interleaved by the pauses.
    expect((await api.call('POST', '/api/v1/tenants', { id: 'twins', name: 'Twins' })).status).toBe(201);
    expect((await api.call('POST', '/api/v1/tenants/twins/credentials', { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} })).status).toBe(201);
    const estate = snapshotOf(SIZE, 'twins');
    const post = async () => String((await api.ok('POST', '/api/v1/tenants/twins/jobs', demoJob({ size: SIZE, seed: 'twins', delay_ms: 50 })))['id']);
    const jobIds = [await post(), await post()];
    const done = await Promise.all(jobIds.map((jobId) => api.jobIn('twins', jobId, ['completed', 'failed'])));
    const stats = done.map((job) => job['stats'] as Record<string, number>);
    for (const job of done) {
      expect(job).toMatchObject({ status: 'completed', stats: { nodes_discovered: estate.nodes.size, nodes_updated: 0, nodes_removed: 0 } });
    }
    // Each edge was new to whichever job saw it first.
    expect(stats[0]!['edges_created']! + stats[1]!['edges_created']!).toBe(estate.edges.size);
    // They did overlap: at least one names the other when it reconciled.
    const reconciled = await Promise.all(jobIds.map(async (jobId) => (await api.logOf('twins', jobId)).find((line) => String(line['msg']).startsWith('Reconciled:'))));
    expect(reconciled.some((line, i) => String(line?.['msg']).includes(`Job ${jobIds[1 - i]} also saw nodes of this scope`))).toBe(true);
  });

  it('cancels a running job promptly: the SSE stream ends, the job is cancelled, a second cancel is 409', async () => {
    const job = await api.ok('POST', '/api/v1/tenants/demo/jobs', demoJob({ size: 200_000, delay_ms: 200, seed: 'slow' }));
    const jobId = String(job['id']);
    await waitFor(async () => {
      const view = await api.ok('GET', `/api/v1/tenants/demo/jobs/${jobId}`);
      return Object.keys((view['progress'] as { counts: object }).counts).length > 0;
    }, { message: 'the slow job to report progress' });
    const streaming = api.logOf('demo', jobId);
    const cancelled = await api.call('DELETE', `/api/v1/tenants/demo/jobs/${jobId}`);
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    const log = await streaming;
    expect(log.at(-1)).toMatchObject({ level: 'warn', msg: 'Job cancelled; data already discovered is kept' });
    expect(await api.call('DELETE', `/api/v1/tenants/demo/jobs/${jobId}`)).toMatchObject({ status: 409, body: { code: 'job_terminal' } });
    const list = await api.ok('GET', '/api/v1/tenants/demo/jobs?status=cancelled');
    expect(list).toMatchObject({ total: 1, items: [{ id: jobId, status: 'cancelled' }] });

    // What it kept is in its statistics, once the batches on their way when it ended are stored:
    // as many nodes as the graph says this job saw last, nothing removed or audited.
    const lastSeenBy = async (job: string) => {
      let count = 0;
      let cursor: string | undefined;
      do {
        const page = await api.ok('GET', `/api/v1/tenants/demo/nodes?last_seen_job=${job}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        count += (page['items'] as unknown[]).length;
        cursor = page['next_cursor'] as string | undefined;
      } while (cursor);
      return count;
    };
    const kept = await waitFor(async () => {
      const stats = (await api.ok('GET', `/api/v1/tenants/demo/jobs/${jobId}`))['stats'] as Record<string, number> | undefined;
      return stats && stats['nodes_discovered'] === (await lastSeenBy(jobId)) ? stats : undefined;
    }, { message: 'the cancelled job\'s statistics to count what it kept' });
    expect(kept['nodes_discovered']).toBeGreaterThan(0);
    expect(kept).toMatchObject({ nodes_removed: 0, findings_created: 0, findings_resolved: 0 });
  });

  it('keeps a job pending while every worker slot is busy, and starts it when one frees up', async () => {
    // The worker runs two demo runs at once (DISCOVERY_CONCURRENCY): a third job queues.
    const slow = () => api.ok('POST', '/api/v1/tenants/demo/jobs', demoJob({ size: 200_000, delay_ms: 200, seed: `busy-${Math.random()}` }));
    const [first, second, third] = [String((await slow())['id']), String((await slow())['id']), String((await slow())['id'])];
    const statusOf = async (jobId: string) => String((await api.ok('GET', `/api/v1/tenants/demo/jobs/${jobId}`))['status']);
    await waitFor(async () => (await statusOf(first)) === 'running' && (await statusOf(second)) === 'running', { message: 'two jobs running' });
    // Queued for over STRATA_JOB_QUEUE_NOTICE_MS, its log says why, and it is still pending.
    const notice = await api.untilLogLine('demo', third, (line) => String(line['msg']).startsWith('Still pending'));
    expect(await api.ok('GET', `/api/v1/tenants/demo/jobs/${third}`)).toMatchObject({ status: 'pending', progress: { phase: 'pending', percent: 0 } });
    expect(notice).toMatchObject({
      level: 'info',
      msg: expect.stringMatching(/^Still pending after \ds\. demo: every worker slot is busy, 2 in progress and 1 run waiting, this job's among them \(it starts when a slot frees\)$/),
    });

    expect((await api.call('DELETE', `/api/v1/tenants/demo/jobs/${first}`)).status).toBe(200);
    await waitFor(async () => (await statusOf(third)) === 'running', { message: 'the queued job to start once a slot freed up' });
    const started = await api.ok('GET', `/api/v1/tenants/demo/jobs/${third}`);
    expect(Date.parse(String(started['started_at']))).toBeGreaterThan(Date.parse(String(started['created_at'])));
    for (const jobId of [second, third]) expect((await api.call('DELETE', `/api/v1/tenants/demo/jobs/${jobId}`)).status).toBe(200);
  });
});
