import { deleteNamespaceStreams, freePort, makeTempDir, uniqueNamespace, useTestNats, waitFor, type RunningProcess, type TempDir, type TestNats } from '@strata/testing';
import { ApiClient } from './fixtures/api-client';
import { runBuiltApp } from './fixtures/built-app';
import { expectedStats, snapshotOf } from './fixtures/demo-oracle';

const BOOTSTRAP = 'e2e-distributed-bootstrap-0123456789';

/**
 * The distributed topology on one machine: every service its own OS process, sharing the NATS
 * server and one SQLite file (WAL), as separately deployed services share NATS, EventStoreDB and
 * MongoDB.
 */
describe('distributed: every service as its own process', () => {
  let nats: TestNats;
  let dir: TempDir;
  let namespace: string;
  let port: number;
  const services = new Map<string, RunningProcess>();
  /** Killed on purpose: their exit code says nothing. */
  const killed = new Set<string>();
  let admin: ApiClient;
  let api: ApiClient;

  function start(name: string, app: string, env: Record<string, string> = {}): RunningProcess {
    const running = runBuiltApp(app, { NATS_URL: nats.url, STRATA_NS: namespace, STRATA_DATA_DIR: dir.path, LOG_LEVEL: 'info', ...env }, name);
    services.set(name, running);
    return running;
  }

  beforeAll(async () => {
    nats = await useTestNats();
    dir = await makeTempDir();
    namespace = uniqueNamespace('distributed');
    port = await freePort();
    // The gateway first: it creates the secret key file the worker decrypts credentials with.
    const gateway = start('api-gateway', 'api-gateway', { PORT: String(port), HOST: '127.0.0.1', STRATA_BOOTSTRAP_TOKEN: BOOTSTRAP });
    await gateway.waitForOutput('api-gateway listening');
    const ready = [
      start('job-orchestrator', 'job-orchestrator', { STRATA_ACK_WAIT_MS: '1500' }).waitForOutput('job-orchestrator running'),
      start('projector', 'projector', { STRATA_ACK_WAIT_MS: '1500' }).waitForOutput('projector running'),
      // A batch held by an inventory that died is delivered again after 1.5 s rather than 30.
      start('inventory', 'inventory', { STRATA_ACK_WAIT_MS: '1500' }).waitForOutput('inventory running'),
      start('audit-engine', 'audit-engine', { STRATA_ACK_WAIT_MS: '1500' }).waitForOutput('audit-engine running'),
    ];
    start('worker-1', 'discovery-worker-demo', { DISCOVERY_ACK_WAIT_MS: '1500', DISCOVERY_WORKER_ID: 'worker-1' });
    await Promise.all(ready);

    admin = new ApiClient(`http://127.0.0.1:${port}`, BOOTSTRAP);
    await admin.ok('POST', '/api/v1/tenants', { id: 'acme-corp', name: 'Acme Corp' });
    await admin.ok('POST', '/api/v1/tenants/acme-corp/credentials', { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} });
    const issued = await admin.ok('POST', '/api/v1/tenants/acme-corp/tokens', { name: 'e2e', permissions: ['jobs:read', 'jobs:create', 'jobs:cancel'] });
    api = admin.withToken(String(issued['token']));
  });

  afterAll(async () => {
    const exits = new Map<string, number | null>();
    for (const [name, service] of services) exits.set(name, await service.stop());
    await deleteNamespaceStreams(nats.url, namespace);
    await nats.stop();
    await dir.remove();
    for (const [name, code] of exits) if (!killed.has(name)) expect({ name, code }).toEqual({ name, code: 0 });
  });

  const demoJob = (config: Record<string, unknown>) => ({ name: `demo ${String(config['seed'])}`, plugins: ['demo'], credential_id: 'cred-demo', config });

  it('runs a demo job through every service to completed, with exact stats', async () => {
    const job = await api.ok('POST', '/api/v1/tenants/acme-corp/jobs', demoJob({ size: 2000, seed: 'a' }));
    const done = await api.jobIn('acme-corp', String(job['id']), ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', stats: expectedStats(undefined, snapshotOf(2000, 'a')) });
  });

  it('fails a job over the tenant\'s node limit with node_limit_exceeded, saying by how much', async () => {
    await admin.ok('POST', '/api/v1/tenants', { id: 'tiny-corp', name: 'Tiny Corp' });
    await admin.ok('PATCH', '/api/v1/tenants/tiny-corp', { max_nodes: 100 });
    await admin.ok('POST', '/api/v1/tenants/tiny-corp/credentials', { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} });
    const job = await admin.ok('POST', '/api/v1/tenants/tiny-corp/jobs', demoJob({ size: 300, seed: 'tiny' }));
    const failed = await admin.jobIn('tiny-corp', String(job['id']), ['failed', 'completed']);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'node_limit_exceeded', message: expect.stringMatching(/limit is 100 \(\d+ over\)/) } });
  });

  it('replaces a worker killed mid-job: the run is redone and the job completes with exact counts', async () => {
    const size = 20_000;
    const job = await api.ok('POST', '/api/v1/tenants/acme-corp/jobs', demoJob({ size, seed: 'b', delay_ms: 150 }));
    const jobId = String(job['id']);
    await api.untilRunUnderWay('acme-corp', jobId);

    await services.get('worker-1')!.kill();
    killed.add('worker-1');
    start('worker-2', 'discovery-worker-demo', { DISCOVERY_ACK_WAIT_MS: '1500', DISCOVERY_WORKER_ID: 'worker-2' });

    const done = await api.jobIn('acme-corp', jobId, ['completed', 'failed'], 120_000);
    // Against the estate of the previous test (seed "a", 2000 resources, same scope).
    expect(done).toMatchObject({ status: 'completed', stats: expectedStats(snapshotOf(2000, 'a'), snapshotOf(size, 'b')) });
    const log = await api.logOf('acme-corp', jobId);
    expect(log.filter((line) => String(line['msg']).startsWith('Starting demo plugin')).length).toBe(2);
  });

  it('restarts inventory killed mid-ingest: the batches it held are ingested again and the job completes with exact counts', async () => {
    const size = 20_000;
    const job = await api.ok('POST', '/api/v1/tenants/acme-corp/jobs', demoJob({ size, seed: 'c', delay_ms: 150 }));
    const jobId = String(job['id']);
    await waitFor(async () => {
      const seen = await admin.ok('GET', `/api/v1/tenants/acme-corp/nodes?last_seen_job=${jobId}&limit=1`);
      return (seen['items'] as unknown[]).length > 0;
    }, { message: 'inventory to have ingested part of the job' });

    await services.get('inventory')!.kill();
    killed.add('inventory');
    // Still discovering: the rest of the batches go to the inventory started next.
    expect(await api.ok('GET', `/api/v1/tenants/acme-corp/jobs/${jobId}`)).toMatchObject({ status: 'running', progress: { phase: 'discovering' } });
    await start('inventory-2', 'inventory', { STRATA_ACK_WAIT_MS: '1500' }).waitForOutput('inventory running');

    const done = await api.jobIn('acme-corp', jobId, ['completed', 'failed'], 120_000);
    // After the estates of the tests before (seeds "a" then "b", same scope): nodes and edges of
    // "a" that "b" removed and "c" has again are restored, not created.
    expect(done).toMatchObject({ status: 'completed', stats: expectedStats([snapshotOf(2000, 'a'), snapshotOf(size, 'b')], snapshotOf(size, 'c')) });
  });

  it('restarts the orchestrator and the projector killed mid-job: the job completes with exact counts', async () => {
    const size = 20_000;
    const job = await api.ok('POST', '/api/v1/tenants/acme-corp/jobs', demoJob({ size, seed: 'd', delay_ms: 100 }));
    const jobId = String(job['id']);
    await api.untilRunUnderWay('acme-corp', jobId);

    // The worker's reports and the stored events they lead to wait in their streams meanwhile.
    for (const name of ['job-orchestrator', 'projector']) {
      await services.get(name)!.kill();
      killed.add(name);
    }
    await Promise.all(
      ['job-orchestrator', 'projector'].map((app) => start(`${app}-2`, app, { STRATA_ACK_WAIT_MS: '1500' }).waitForOutput(`${app} running`)),
    );

    const done = await api.jobIn('acme-corp', jobId, ['completed', 'failed'], 120_000);
    const estates = [snapshotOf(2000, 'a'), snapshotOf(size, 'b'), snapshotOf(size, 'c')];
    expect(done).toMatchObject({ status: 'completed', stats: expectedStats(estates, snapshotOf(size, 'd')) });
  });

  it('waits in auditing while the audit engine is down, and completes exactly once it is back', async () => {
    const size = 5_000;
    await services.get('audit-engine')!.kill();
    killed.add('audit-engine');
    const job = await api.ok('POST', '/api/v1/tenants/acme-corp/jobs', demoJob({ size, seed: 'e' }));
    const jobId = String(job['id']);
    await waitFor(async () => {
      const view = await api.ok('GET', `/api/v1/tenants/acme-corp/jobs/${jobId}`);
      return (view['progress'] as { phase: string }).phase === 'auditing';
    }, { message: 'the job to reach auditing' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await api.ok('GET', `/api/v1/tenants/acme-corp/jobs/${jobId}`)).toMatchObject({ status: 'running', progress: { phase: 'auditing' } });

    await start('audit-engine-2', 'audit-engine', { STRATA_ACK_WAIT_MS: '1500' }).waitForOutput('audit-engine running');
    const done = await api.jobIn('acme-corp', jobId, ['completed', 'failed'], 120_000);
    const estates = [snapshotOf(2000, 'a'), snapshotOf(20_000, 'b'), snapshotOf(20_000, 'c'), snapshotOf(20_000, 'd')];
    expect(done).toMatchObject({ status: 'completed', stats: expectedStats(estates, snapshotOf(size, 'e')) });
  });

  it('cancels a running job across processes: the worker aborts the run, the SSE stream ends, a second cancel is 409', async () => {
    const job = await api.ok('POST', '/api/v1/tenants/acme-corp/jobs', demoJob({ size: 200_000, seed: 'slow', delay_ms: 200 }));
    const jobId = String(job['id']);
    await api.untilRunUnderWay('acme-corp', jobId);
    const streaming = api.logOf('acme-corp', jobId);

    expect(await api.call('DELETE', `/api/v1/tenants/acme-corp/jobs/${jobId}`)).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    const log = await streaming;
    expect(log.at(-1)).toMatchObject({ level: 'warn', msg: 'Job cancelled; data already discovered is kept' });
    // The cancel reached the worker process, which stopped the plugin (its run would take minutes).
    await services.get('worker-2')!.waitForOutput(new RegExp(`"jobId":"${jobId}"[^\\n]*"runs":1[^\\n]*aborting the runs of a job that has ended`));
    expect(await api.call('DELETE', `/api/v1/tenants/acme-corp/jobs/${jobId}`)).toMatchObject({ status: 409, body: { code: 'job_terminal' } });
    // The inventory process heard of the end too, and told the orchestrator what the job kept.
    const kept = await waitFor(async () => (await api.ok('GET', `/api/v1/tenants/acme-corp/jobs/${jobId}`))['stats'] as Record<string, number> | undefined, {
      message: 'the cancelled job\'s statistics',
    });
    expect(kept['nodes_discovered']).toBeGreaterThan(0);
    expect(kept).toMatchObject({ nodes_removed: 0, findings_created: 0 });
  });

  it("restores what another job's reconcile removed when a run is redone after its first attempt was stored, and counts that run once", async () => {
    // A tenant of its own, so its graph holds only these two jobs' estates (same size: one scope).
    await admin.ok('POST', '/api/v1/tenants', { id: 'redo-corp', name: 'Redo Corp' });
    await admin.ok('POST', '/api/v1/tenants/redo-corp/credentials', { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} });
    const size = 10_000;
    const x = snapshotOf(size, 'x');
    const y = snapshotOf(size, 'y');
    // X pauses 0.6 s every 500 resources (about 12 s in all), long enough for Y to be discovered,
    // reconciled and audited meanwhile on a loaded two-core machine.
    const jobX = String((await admin.ok('POST', '/api/v1/tenants/redo-corp/jobs', demoJob({ size, seed: 'x', delay_ms: 600 })))['id']);
    await waitFor(async () => {
      const seen = await admin.ok('GET', `/api/v1/tenants/redo-corp/nodes?last_seen_job=${jobX}&limit=500`);
      return (seen['items'] as unknown[]).length === 500;
    }, { message: "X's first attempt to have stored part of its estate" });

    // Y, begun after X's first attempt saw those nodes, sees the estate without some of them and reconciles.
    const jobY = String((await admin.ok('POST', '/api/v1/tenants/redo-corp/jobs', demoJob({ size, seed: 'y' })))['id']);
    const doneY = await admin.jobIn('redo-corp', jobY, ['completed', 'failed'], 120_000);
    expect(doneY).toMatchObject({ status: 'completed' });
    expect((doneY['stats'] as Record<string, number>)['nodes_removed']).toBeGreaterThan(0);
    expect(await admin.ok('GET', `/api/v1/tenants/redo-corp/jobs/${jobX}`)).toMatchObject({ status: 'running', progress: { phase: 'discovering' } });

    // X's worker dies; its run is redone by the next one, after Y's reconcile.
    await services.get('worker-2')!.kill();
    killed.add('worker-2');
    start('worker-3', 'discovery-worker-demo', { DISCOVERY_ACK_WAIT_MS: '1500', DISCOVERY_WORKER_ID: 'worker-3' });
    const doneX = await admin.jobIn('redo-corp', jobX, ['completed', 'failed'], 180_000);

    // X's complete view is the estate of seed x: it holds every node of it and nothing else.
    const yOnly = [...y.nodes.keys()].filter((id) => !x.nodes.has(id));
    const xOnly = [...x.nodes.keys()].filter((id) => !y.nodes.has(id));
    const stats = doneX['stats'] as Record<string, number>;
    expect(stats).toMatchObject({ nodes_discovered: x.nodes.size, nodes_removed: yOnly.length });
    const summary = await admin.ok('GET', '/api/v1/tenants/redo-corp/graph/summary');
    expect(summary['total_nodes']).toBe(x.nodes.size);
    // Its stats agree with its own log: the redone run's "Discovery complete" line, after the first attempt's lines.
    const log = await admin.logOf('redo-corp', jobX);
    expect(log.filter((line) => String(line['msg']).startsWith('Starting demo plugin')).length).toBe(2);
    const complete = log.filter((line) => String(line['msg']).startsWith('Discovery complete'));
    expect(complete.map((line) => line['msg'])).toEqual([`Discovery complete: ${x.nodes.size} nodes, ${x.edges.size} edges`]);

    // And with node history: the nodes of x that Y removed were restored by X's redone run.
    const histories: { id: string; node: Record<string, unknown>; changes: string[] }[] = [];
    for (const id of xOnly) {
      const path = `/api/v1/tenants/redo-corp/nodes/${encodeURIComponent(id)}`;
      const items = (await admin.ok('GET', `${path}/history`))['items'] as Record<string, unknown>[];
      histories.push({ id, node: await admin.ok('GET', path), changes: items.map((entry) => `${String(entry['change'])}:${String(entry['job_id'])}`).reverse() });
    }
    for (const { id, node } of histories) expect({ id, status: node['status'], last_seen_job: node['last_seen_job'] }).toEqual({ id, status: 'active', last_seen_job: jobX });
    const restored = histories.filter(({ changes }) => changes.includes(`removed:${jobY}`));
    expect(restored.length).toBeGreaterThan(0);
    for (const { changes } of restored) expect(changes).toEqual([`created:${jobX}`, `removed:${jobY}`, `restored:${jobX}`]);
  });
});
