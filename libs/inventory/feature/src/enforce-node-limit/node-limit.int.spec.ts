import { jetstreamManager } from '@nats-io/jetstream';
import type { INestMicroservice } from '@nestjs/common';
import type { JobReport, TenantLimits } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { collectReports, openServiceFixture, startNatsTransport, type ServiceFixture } from '@strata/service-testing';
import { waitFor } from '@strata/testing';
import { batchesOf, chainEstate, FAST_INVENTORY_TIMING, publishBatch, publishDiscoveryFinished, runOutput, vm, type Estate, type RunAddress } from '../fixtures/inventory-fixtures';
import { INVENTORY_DURABLES, InventoryService } from '../inventory-service';
import { InventoryModule } from '../nest/inventory.module';
import { ingestedBatchesCollection, jobRejectionsCollection, nodesCollection } from '../read-model/inventory-collections';

type Rejected = Extract<JobReport, { type: 'InventoryRejected' }>;
type Reconciled = Extract<JobReport, { type: 'InventoryReconciled' }>;

describe('node limit (real NATS, real SQLite)', () => {
  let fixture: ServiceFixture;
  let namespace: string;
  let messaging: MessagingClient;
  let readStore: ReadStore;
  let service: InventoryService;
  let transport: INestMicroservice | undefined;
  let reports: JobReport[];
  const limits = new Map<string, number>();
  const tenantLimits: TenantLimits = { maxNodes: async (tenantId) => limits.get(tenantId) };

  beforeAll(async () => {
    fixture = await openServiceFixture('nodelimit');
    ({ namespace, messaging, readStore } = fixture);
    service = new InventoryService({
      readStore,
      messaging,
      logger: fixture.logger,
      tenantLimits,
      ...FAST_INVENTORY_TIMING,
    });
    await service.start();
    transport = await startNatsTransport(messaging, InventoryModule.forInstance(service));
    reports = await collectReports(messaging);
  });

  afterAll(async () => {
    await transport?.close();
    await service?.stop();
    await fixture?.close();
  });

  const run = (tenantId: string, jobId: string): RunAddress => ({ tenantId, jobId, plugin: 'aws', attempt: 1, scope: 'aws:1' });
  const activeNodes = (tenantId: string) => readStore.collection(nodesCollection).forTenant(tenantId).count({ status: 'active' });
  const reportsOf = (jobId: string) => reports.filter((report) => report.jobId === jobId);
  const rejectionOf = (jobId: string) =>
    waitFor(() => reports.find((report): report is Rejected => report.type === 'InventoryRejected' && report.jobId === jobId), { message: `InventoryRejected of ${jobId}` });
  const reconciledOf = (jobId: string) =>
    waitFor(() => reports.find((report): report is Reconciled => report.type === 'InventoryReconciled' && report.jobId === jobId), { message: `InventoryReconciled of ${jobId}` });

  async function untilConsumed(): Promise<void> {
    const jsm = await jetstreamManager(messaging.connection);
    await waitFor(
      async () => {
        const [batches, events] = await Promise.all([
          jsm.consumers.info(`${namespace}_BATCHES`, INVENTORY_DURABLES.ingest),
          jsm.consumers.info(`${namespace}_EVENTS`, INVENTORY_DURABLES.reconcile),
        ]);
        return batches.num_pending + batches.num_ack_pending + events.num_pending + events.num_ack_pending === 0;
      },
      { message: 'every batch and event handled' },
    );
  }

  async function runJob(address: RunAddress, estate: Estate, batchSize: number): Promise<void> {
    const batches = batchesOf(estate, address, batchSize);
    for (const batch of batches) await publishBatch(messaging, batch);
    await publishDiscoveryFinished(messaging, address.tenantId, address.jobId, [runOutput(address, batches)]);
  }

  it('lets a job under the limit through', async () => {
    limits.set('roomy', 100);
    await runJob(run('roomy', 'job-r1'), chainEstate(60), 20);
    expect(await reconciledOf('job-r1')).toMatchObject({ nodesDiscovered: 60 });
    expect(await activeNodes('roomy')).toBe(60);
  });

  it('fails a job over the limit before writing past it, saying by how much, and skips its other batches', async () => {
    limits.set('capped', 50);
    // Four batches of 20 in any order: two fit (40), the third would make 60.
    await runJob(run('capped', 'job-c1'), chainEstate(80), 20);
    const rejected = await rejectionOf('job-c1');
    expect(rejected).toEqual({
      type: 'InventoryRejected',
      tenantId: 'capped',
      jobId: 'job-c1',
      error: {
        code: 'node_limit_exceeded',
        message: "job job-c1 would hold 60 active nodes; the tenant's limit is 50 (10 over). Raise the tenant's max_nodes or reduce the discovery scope.",
      },
    });
    await untilConsumed();
    expect(await activeNodes('capped')).toBe(40);
    expect(await readStore.collection(ingestedBatchesCollection).forTenant('capped').count({ run: 'job-c1:aws:1' })).toBe(2);
    // Never reconciled: removing what the job did not get to write would be wrong. The
    // rejection is said once more on DiscoveryFinished (same msgId, so JetStream drops it).
    // (Ingest progress may have been reported while reconcile waited for the refused batches.)
    expect(reportsOf('job-c1').map((report) => report.type).filter((type) => type !== 'InventoryProgressed')).toEqual(['InventoryRejected']);
    expect(await readStore.collection(jobRejectionsCollection).forTenant('capped').get('job-c1')).toMatchObject({ reported: true });
  });

  it('lets a later job that activates nothing through, even at the limit, but not one that adds a node', async () => {
    limits.set('full', 30);
    await runJob(run('full', 'job-f1'), chainEstate(30), 10);
    await reconciledOf('job-f1');
    await runJob(run('full', 'job-f2'), chainEstate(30), 10);
    expect(await reconciledOf('job-f2')).toMatchObject({ nodesDiscovered: 30, nodesRemoved: 0 });

    limits.set('full', 10); // lowered below what the tenant holds: what it has stays
    const grown: Estate = { nodes: [...chainEstate(30).nodes, vm('i-new')], edges: [] };
    await runJob(run('full', 'job-f3'), grown, 31);
    expect((await rejectionOf('job-f3')).error.message).toContain("would hold 31 active nodes; the tenant's limit is 10 (21 over)");
    expect(await activeNodes('full')).toBe(30);
  });

  it('counts restored nodes, and nodes the job will remove until its reconcile, against the limit', async () => {
    limits.set('churn', 20);
    await runJob(run('churn', 'job-h1'), chainEstate(20), 10);
    await reconciledOf('job-h1');
    // Job 2 keeps ten and replaces ten: until job 2 is reconciled, the ten it drops still count.
    const replaced: Estate = { nodes: [...chainEstate(10).nodes, ...chainEstate(10, 'j').nodes], edges: [] };
    await runJob(run('churn', 'job-h2'), replaced, 20);
    expect((await rejectionOf('job-h2')).error.message).toContain("would hold 30 active nodes; the tenant's limit is 20 (10 over)");
  });

  it('serialises the check per tenant: two batches of one job ingested at once cannot both pass', async () => {
    limits.set('racy', 50);
    const [first, second] = batchesOf(chainEstate(60), run('racy', 'job-x1'), 30);
    const results = await Promise.all([service.ingestor.ingest(first!), service.ingestor.ingest(second!)]);
    expect(results.map((result) => result.outcome).sort()).toEqual(['ingested', 'rejected']);
    expect(await activeNodes('racy')).toBe(30);
    // The refused job stays refused: its batches are skipped from now on.
    expect(await service.ingestor.ingest(first!)).toMatchObject({ outcome: 'already_ingested' });
    const [, , third] = batchesOf(chainEstate(90), run('racy', 'job-x1'), 30);
    expect(await service.ingestor.ingest(third!)).toMatchObject({ outcome: 'rejected', rejection: { job_id: 'job-x1' } });
  });

  it('applies no limit to tenants without one', async () => {
    await runJob(run('unlimited', 'job-u1'), chainEstate(120), 40);
    expect(await reconciledOf('job-u1')).toMatchObject({ nodesDiscovered: 120 });
  });
});
