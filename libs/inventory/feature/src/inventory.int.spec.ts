import { jetstreamManager } from '@nats-io/jetstream';
import type { INestMicroservice } from '@nestjs/common';
import { edgeId, inventoryFigures, type InventoryFigures, type JobReport, type ResourceBatch, type ResourceNode } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { collectReports, openServiceFixture, startNatsTransport, type ServiceFixture } from '@strata/service-testing';
import { waitFor } from '@strata/testing';
import {
  batchesOf,
  chainEstate,
  FAST_INVENTORY_TIMING,
  publishBatch,
  publishDiscoveryFinished,
  publishJobEnded,
  runOutput,
  vm,
  type Estate,
  type RunAddress,
} from './fixtures/inventory-fixtures';
import { INVENTORY_DURABLES, InventoryService } from './inventory-service';
import { InventoryModule } from './nest/inventory.module';
import {
  edgesCollection,
  GRAPH_SUMMARY_ID,
  graphSummariesCollection,
  ingestedBatchesCollection,
  nodesCollection,
} from './read-model/inventory-collections';
import type { FinishedDiscovery } from './reconcile-scope/scope-reconciler';
import { readNodes } from './read-model/sightings';

type Reconciled = Extract<JobReport, { type: 'InventoryReconciled' }>;
type Counted = Extract<JobReport, { type: 'InventoryCounted' }>;

// Job ids differ across tenants here as they do in production (they are globally unique): the
// msgIds of batches and reports carry the job id but not the tenant.

/**
 * What a job's report must say, computed from the fixtures alone: `known` is the last content of
 * every node ever discovered, `active` the nodes of the scope before the job, `edgesSeen` every
 * edge ever discovered.
 */
class ExpectedInventory {
  private readonly known = new Map<string, string>();
  private readonly active = new Map<string, Set<string>>();
  private readonly edgesSeen = new Set<string>();

  job(scope: string, estate: Estate): InventoryFigures {
    const before = this.active.get(scope) ?? new Set<string>();
    const ids = new Set(estate.nodes.map((node) => node.id));
    const stats: InventoryFigures = {
      nodesDiscovered: ids.size,
      nodesUpdated: estate.nodes.filter((node) => this.known.has(node.id) && this.known.get(node.id) !== JSON.stringify(node)).length,
      nodesRemoved: [...before].filter((id) => !ids.has(id)).length,
      edgesCreated: estate.edges.filter((edge) => !this.edgesSeen.has(edgeId(edge))).length,
    };
    for (const node of estate.nodes) this.known.set(node.id, JSON.stringify(node));
    for (const edge of estate.edges) this.edgesSeen.add(edgeId(edge));
    this.active.set(scope, ids);
    return stats;
  }
}

describe('inventory service (real NATS, real SQLite)', () => {
  let fixture: ServiceFixture;
  let namespace: string;
  let messaging: MessagingClient;
  let readStore: ReadStore;
  let service: InventoryService;
  let transport: INestMicroservice | undefined;
  let reports: JobReport[];

  beforeAll(async () => {
    fixture = await openServiceFixture('inventory');
    ({ namespace, messaging, readStore } = fixture);
    service = new InventoryService({
      readStore,
      messaging,
      logger: fixture.logger,
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

  const reportOf = (tenantId: string, jobId: string): Promise<Reconciled> =>
    waitFor(
      () => reports.find((report): report is Reconciled => report.type === 'InventoryReconciled' && report.tenantId === tenantId && report.jobId === jobId),
      { message: `InventoryReconciled of ${tenantId}/${jobId}` },
    );

  async function runJob(runs: { run: RunAddress; estate: Estate }[]): Promise<Reconciled> {
    const outputs = [];
    for (const { run, estate } of runs) {
      const batches = batchesOf(estate, run);
      for (const batch of batches) await publishBatch(messaging, batch);
      outputs.push(runOutput(run, batches));
    }
    const { tenantId, jobId } = runs[0]!.run;
    await publishDiscoveryFinished(messaging, tenantId, jobId, outputs);
    return reportOf(tenantId, jobId);
  }


  it('counts nothing twice: a batch delivered twice and a redone attempt re-sending every node', async () => {
    const tenantId = 'acme';
    const estate = chainEstate(60);
    const attempt1: RunAddress = { tenantId, jobId: 'job-a1', plugin: 'aws', attempt: 1, scope: 'aws:1' };
    const attempt2: RunAddress = { ...attempt1, attempt: 2 };
    const first = batchesOf(estate, attempt1);
    for (const batch of first) await publishBatch(messaging, batch);
    // The same batch again, as after a redelivery past the stream's duplicate window.
    await publishBatch(messaging, first[0]!, ':again');
    const second = batchesOf(estate, attempt2);
    for (const batch of second) await publishBatch(messaging, batch);
    await publishDiscoveryFinished(messaging, tenantId, 'job-a1', [runOutput(attempt2, second)]);

    const report = await reportOf(tenantId, 'job-a1');
    expect(report).toEqual({ type: 'InventoryReconciled', tenantId, jobId: 'job-a1', nodesDiscovered: 60, nodesUpdated: 0, nodesRemoved: 0, edgesCreated: estate.edges.length });
    expect(await readStore.collection(nodesCollection).forTenant(tenantId).count()).toBe(60);
    expect(await readStore.collection(edgesCollection).forTenant(tenantId).count()).toBe(estate.edges.length);
  });

  it('applies a batch once: again it is recognised; a redone attempt is a newer sighting, counted once for that attempt', async () => {
    const run: RunAddress = { tenantId: 'hooli', jobId: 'job-h1', plugin: 'aws', attempt: 1, scope: 'aws:1' };
    const [first] = batchesOf(chainEstate(10), run);
    const batch: ResourceBatch = { ...first!, observedAt: '2026-12-05T10:00:00.000Z' };
    expect(await service.ingestor.ingest(batch)).toEqual({ outcome: 'ingested', nodesWritten: 10, edgesWritten: 18 });
    expect(await service.ingestor.ingest(batch)).toEqual({ outcome: 'already_ingested', nodesWritten: 0, edgesWritten: 0 });
    const redone: ResourceBatch = { ...batch, attempt: 2, observedAt: '2026-12-05T10:05:00.000Z' };
    expect(await service.ingestor.ingest(redone)).toEqual({ outcome: 'ingested', nodesWritten: 10, edgesWritten: 18 });
    const records = await readStore.collection(ingestedBatchesCollection).forTenant('hooli').find({ limit: 10 });
    expect(records.items.map(({ doc }) => [doc.attempt, doc.nodes_seen])).toEqual([
      [1, 10],
      [2, 10],
    ]);
    const node = (await readNodes(readStore, 'hooli', ['i-0'])).records.get('i-0');
    expect(node).toMatchObject({ last_seen: '2026-12-05T10:05:00.000Z', last_seen_job: 'job-h1', first_seen: '2026-12-05T10:00:00.000Z' });
  });

  describe('successive jobs on one estate', () => {
    const tenantId = 'globex';
    const expected = new ExpectedInventory();
    const aws = (jobId: string): RunAddress => ({ tenantId, jobId, plugin: 'aws', attempt: 1, scope: 'aws:1' });
    const k8s = (jobId: string): RunAddress => ({ tenantId, jobId, plugin: 'kubernetes', attempt: 1, scope: 'k8s:prod' });
    const firstAws = chainEstate(80);
    const pods = chainEstate(10, 'pod');
    const removedIds = new Set(Array.from({ length: 10 }, (_, i) => `i-${10 + i}`));
    let firstReport: Reconciled;

    // Job 2: ten nodes gone (with their edges), five changed, five new, one new edge between old nodes.
    const secondAws: Estate = (() => {
      const changed = new Set(['i-30', 'i-31', 'i-32', 'i-33', 'i-34']);
      const kept = firstAws.nodes.filter((node) => !removedIds.has(node.id)).map((node) => (changed.has(node.id) ? vm(node.id, 'stopped') : node));
      const added = Array.from({ length: 5 }, (_, i) => vm(`i-${80 + i}`));
      const present = new Set([...kept, ...added].map((node) => node.id));
      const edges = [
        ...firstAws.edges.filter((edge) => present.has(edge.from) && present.has(edge.to)),
        ...added.map((node) => ({ from: node.id, to: 'i-0', type: 'in_vpc' })),
        { from: 'i-50', to: 'i-51', type: 'peers_with' },
      ];
      return { nodes: [...kept, ...added], edges };
    })();

    it('job 1 discovers two scopes', async () => {
      firstReport = await runJob([
        { run: aws('job-g1'), estate: firstAws },
        { run: k8s('job-g1'), estate: pods },
      ]);
      const awsStats = expected.job('aws:1', firstAws);
      const podStats = expected.job('k8s:prod', pods);
      expect(inventoryFigures(firstReport)).toEqual({
        nodesDiscovered: awsStats.nodesDiscovered + podStats.nodesDiscovered,
        nodesUpdated: 0,
        nodesRemoved: 0,
        edgesCreated: awsStats.edgesCreated + podStats.edgesCreated,
      });
    });

    it('job 2 sees changed, missing and new nodes of one scope and leaves the other scope alone', async () => {
      const report = await runJob([{ run: aws('job-g2'), estate: secondAws }]);
      const stats = expected.job('aws:1', secondAws);
      expect(stats).toMatchObject({ nodesUpdated: 5, nodesRemoved: 10 });
      expect(inventoryFigures(report)).toEqual(stats);

      const nodes = readStore.collection(nodesCollection).forTenant(tenantId);
      expect(await nodes.count({ scope: 'k8s:prod', status: 'active' })).toBe(10);
      expect(await nodes.count({ removed_in_job: 'job-g2' })).toBe(10);
      const edges = readStore.collection(edgesCollection).forTenant(tenantId);
      const touchingRemoved = (await edges.find({ limit: 10_000 })).items.filter(({ doc }) => removedIds.has(doc.from) || removedIds.has(doc.to));
      expect(touchingRemoved.length).toBeGreaterThan(0);
      expect(touchingRemoved.every(({ doc }) => doc.status === 'removed' && doc.removed_in_job === 'job-g2')).toBe(true);
    });

    it('job 3 restores two nodes: the one with other content counts as updated, the other does not', async () => {
      const third: Estate = {
        nodes: [...secondAws.nodes, firstAws.nodes.find((node) => node.id === 'i-10')!, vm('i-11', 'stopped')],
        edges: [...secondAws.edges, { from: 'i-10', to: 'i-0', type: 'in_vpc' }, { from: 'i-11', to: 'i-0', type: 'in_vpc' }],
      };
      const report = await runJob([{ run: aws('job-g3'), estate: third }]);
      const stats = expected.job('aws:1', third);
      expect(stats).toEqual({ nodesDiscovered: third.nodes.length, nodesUpdated: 1, nodesRemoved: 0, edgesCreated: 0 });
      expect(inventoryFigures(report)).toEqual(stats);
      const restored = await readStore.collection(nodesCollection).forTenant(tenantId).getMany(['i-10', 'i-11']);
      expect([...restored.values()].map((node) => [node.id, node.status, node.removed_in_job])).toEqual([
        ['i-10', 'active', null],
        ['i-11', 'active', null],
      ]);
    });

    it('reports the same figures for a redelivered DiscoveryFinished, even after later jobs', async () => {
      const runs = [runOutput(aws('job-g1'), batchesOf(firstAws, aws('job-g1'))), runOutput(k8s('job-g1'), batchesOf(pods, k8s('job-g1')))];
      const finished: FinishedDiscovery = { tenantId, jobId: 'job-g1', runs };
      expect(await service.reconciler.reconcile(finished)).toEqual({ kind: 'reconciled', stats: inventoryFigures(firstReport), concurrentJobs: [] });

      await publishDiscoveryFinished(messaging, tenantId, 'job-g1', runs);
      const jsm = await jetstreamManager(messaging.connection);
      await waitFor(async () => {
        const info = await jsm.consumers.info(`${namespace}_EVENTS`, INVENTORY_DURABLES.reconcile);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      }, { message: 'the redelivered DiscoveryFinished handled' });
      const again = reports.filter((report) => report.type === 'InventoryReconciled' && report.tenantId === tenantId && report.jobId === 'job-g1');
      expect(again.every((report) => JSON.stringify(report) === JSON.stringify(firstReport))).toBe(true);
    });
  });

  it('waits for batches that arrive after DiscoveryFinished, telling the orchestrator how far it is', async () => {
    const run: RunAddress = { tenantId: 'initech', jobId: 'job-i1', plugin: 'aws', attempt: 1, scope: 'aws:1' };
    const estate = chainEstate(50);
    const batches = batchesOf(estate, run, 10);
    const outcomes: string[] = [];
    const reconcile = service.reconciler.reconcile.bind(service.reconciler);
    const spy = jest.spyOn(service.reconciler, 'reconcile').mockImplementation(async (finished, onProgress) => {
      try {
        const outcome = await reconcile(finished, onProgress);
        outcomes.push(outcome.kind);
        return outcome;
      } catch (error) {
        outcomes.push(error instanceof Error ? error.name : 'error');
        throw error;
      }
    });
    try {
      for (const batch of batches.slice(0, -1)) await publishBatch(messaging, batch);
      await publishDiscoveryFinished(messaging, run.tenantId, run.jobId, [runOutput(run, batches)]);
      // Past the in-handler wait and into redelivery with backoff: the last batch is still missing.
      await waitFor(() => outcomes.includes('BatchesNotIngestedError'), { message: 'a reconcile that found batches missing' });
      expect(outcomes).not.toContain('reconciled');
      // The first look may come before the fourth batch is written; a later look tells 4 of 5.
      const progressed = {
        type: 'InventoryProgressed',
        tenantId: run.tenantId,
        jobId: run.jobId,
        batchesIngested: batches.length - 1,
        batchesTotal: batches.length,
      };
      const fourOfFive = await waitFor(
        () => reports.find((report) => report.type === 'InventoryProgressed' && report.jobId === run.jobId && report.batchesIngested === progressed.batchesIngested),
        { message: () => `an ingest progress report of 4 batches, got ${JSON.stringify(reports.filter((report) => report.jobId === run.jobId))}` },
      );
      expect(fourOfFive).toEqual(progressed);
      expect(outcomes).not.toContain('reconciled');
      await publishBatch(messaging, batches.at(-1)!);

      const report = await reportOf(run.tenantId, run.jobId);
      expect(inventoryFigures(report)).toEqual(new ExpectedInventory().job(run.scope, estate));
    } finally {
      spy.mockRestore();
    }
  });

  it('links an EKS node to the EC2 instance it runs on before it reports the job reconciled', async () => {
    const tenantId = 'initrode';
    const arn = 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0eks1';
    const instances: Estate = { nodes: [vm(arn, 'running', { attributes: { instance_id: 'i-0eks1' } })], edges: [] };
    const workers: Estate = {
      nodes: [{ id: 'k8s:prod:node-1', type: 'kubernetes.node', provider: 'kubernetes', name: 'node-1', account: 'prod', tags: {}, attributes: { aws_instance_id: 'i-0eks1', region: 'eu-west-1' } }],
      edges: [],
    };
    await runJob([{ run: { tenantId, jobId: 'job-eks-k', plugin: 'kubernetes', attempt: 1, scope: 'kubernetes:prod' }, estate: workers }]);
    await runJob([{ run: { tenantId, jobId: 'job-eks-a', plugin: 'aws', attempt: 1, scope: 'aws:1' }, estate: instances }]);
    const link = await readStore.collection(edgesCollection).forTenant(tenantId).get(edgeId({ from: 'k8s:prod:node-1', type: 'runs_on', to: arn }));
    expect(link?.status).toBe('active');
  });

  it('keeps tenants apart: the same node ids in two tenants never mix', async () => {
    const stopped: Estate = { ...chainEstate(20), nodes: chainEstate(20).nodes.map((node) => vm(node.id, 'stopped')) };
    const run = (tenantId: string, jobId: string): RunAddress => ({ tenantId, jobId, plugin: 'aws', attempt: 1, scope: 'aws:1' });
    // Distinct job ids: a report's msgId is `${jobId}:inventory-reconciled`, unique because job ids are.
    const umbrella = await runJob([{ run: run('umbrella', 'job-u1'), estate: chainEstate(20) }]);
    const cyberdyne = await runJob([{ run: run('cyberdyne', 'job-c1'), estate: stopped }]);
    expect(inventoryFigures(umbrella)).toEqual({ nodesDiscovered: 20, nodesUpdated: 0, nodesRemoved: 0, edgesCreated: 38 });
    expect(inventoryFigures(cyberdyne)).toEqual(inventoryFigures(umbrella));

    const fewer: Estate = { nodes: chainEstate(15).nodes, edges: chainEstate(15).edges };
    const second = await runJob([{ run: run('umbrella', 'job-u2'), estate: fewer }]);
    expect(inventoryFigures(second)).toEqual({ nodesDiscovered: 15, nodesUpdated: 0, nodesRemoved: 5, edgesCreated: 0 });

    const node = async (tenantId: string): Promise<ResourceNode & { status: string }> =>
      (await readStore.collection(nodesCollection).forTenant(tenantId).get('i-17'))!;
    expect(await node('umbrella')).toMatchObject({ status: 'removed', attributes: { state: 'running' } });
    expect(await node('cyberdyne')).toMatchObject({ status: 'active', attributes: { state: 'stopped' } });
    expect(await readStore.collection(nodesCollection).forTenant('cyberdyne').count({ status: 'active' })).toBe(20);
  });

  it('counts in the graph summary what a job that never reconciles ingested (cancelled part-way), once ingest pauses', async () => {
    const summary = () => readStore.collection(graphSummariesCollection).forTenant('soylent').get(GRAPH_SUMMARY_ID);
    const run: RunAddress = { tenantId: 'soylent', jobId: 'job-s1', plugin: 'aws', attempt: 1, scope: 'aws:1' };
    const first = await runJob([{ run, estate: chainEstate(10) }]);
    expect(first.nodesDiscovered).toBe(10);
    expect(await summary()).toMatchObject({ total_nodes: 10 });

    // The next job is cancelled after two batches: no DiscoveryFinished, so no reconcile.
    const cancelled: RunAddress = { ...run, jobId: 'job-s2' };
    const batches = batchesOf(chainEstate(60), cancelled).slice(0, 2);
    for (const batch of batches) await publishBatch(messaging, batch);
    const ingested = new Set(batches.flatMap((batch) => batch.nodes.map((node) => node.id)));
    expect(ingested.size).toBeGreaterThan(10);
    await waitFor(async () => (await summary())?.total_nodes === ingested.size, { message: 'the summary counting the cancelled job' });
    expect(await summary()).toMatchObject({ by_type: { 'aws.ec2.instance': ingested.size } });
  });

  describe('what a job that ended early kept', () => {
    const countedReports = (tenantId: string, jobId: string) =>
      reports.filter((report): report is Counted => report.type === 'InventoryCounted' && report.tenantId === tenantId && report.jobId === jobId);
    const counted = (tenantId: string, jobId: string, nodesDiscovered: number) =>
      waitFor(() => countedReports(tenantId, jobId).find((report) => report.nodesDiscovered === nodesDiscovered), {
        message: `InventoryCounted of ${tenantId}/${jobId} with ${nodesDiscovered} nodes`,
      });
    const run: RunAddress = { tenantId: 'vandelay', jobId: 'job-v1', plugin: 'aws', attempt: 1, scope: 'aws:1' };
    const first = chainEstate(10);

    it('counts a cancelled job\'s stored batches when it ends, and again once a batch still on its way is stored', async () => {
      await runJob([{ run, estate: first }]);
      const cancelled: RunAddress = { ...run, jobId: 'job-v2' };
      // Ten of the nodes the first job stored, four of them changed; the rest new.
      const chain = chainEstate(75);
      const estate: Estate = { ...chain, nodes: chain.nodes.map((node, index) => (index < 4 ? vm(node.id, 'stopped') : node)) };
      const batches = batchesOf(estate, cancelled);
      expect(batches).toHaveLength(3);
      for (const batch of batches.slice(0, 2)) await publishBatch(messaging, batch);
      await waitFor(async () => (await readStore.collection(ingestedBatchesCollection).forTenant('vandelay').count({ run: 'job-v2:aws:1' })) === 2, {
        message: 'two batches stored',
      });
      await publishJobEnded(messaging, 'vandelay', 'job-v2', 'JobCancelled');

      const firstEdges = new Set(first.edges.map(edgeId));
      const newEdges = (upTo: number) => new Set(batches.slice(0, upTo).flatMap((batch) => batch.edges.map(edgeId)).filter((id) => !firstEdges.has(id))).size;
      expect(inventoryFigures(await counted('vandelay', 'job-v2', 50))).toEqual({ nodesDiscovered: 50, nodesUpdated: 4, nodesRemoved: 0, edgesCreated: newEdges(2) });

      // The batch the worker had published before it heard of the cancel.
      await publishBatch(messaging, batches[2]!);
      expect(inventoryFigures(await counted('vandelay', 'job-v2', 75))).toEqual({ nodesDiscovered: 75, nodesUpdated: 4, nodesRemoved: 0, edgesCreated: newEdges(3) });
      expect(await readStore.collection(nodesCollection).forTenant('vandelay').count({ status: 'active' })).toBe(75);
    });

    it('counts again what a job cancelled while it reconciled removed', async () => {
      const stillThere: RunAddress = { tenantId: 'vandelay', jobId: 'job-v3', plugin: 'aws', attempt: 1, scope: 'aws:2' };
      await runJob([{ run: stillThere, estate: chainEstate(10, 'r') }]);
      // The next job over that scope sees six of the ten; it is cancelled before its reconcile runs.
      const cancelled: RunAddress = { ...stillThere, jobId: 'job-v4' };
      const batches = batchesOf(chainEstate(6, 'r'), cancelled);
      for (const batch of batches) await publishBatch(messaging, batch);
      await waitFor(async () => (await readStore.collection(ingestedBatchesCollection).forTenant('vandelay').count({ run: 'job-v4:aws:1' })) === batches.length, {
        message: 'the batches stored',
      });
      await publishJobEnded(messaging, 'vandelay', 'job-v4', 'JobCancelled');
      expect(inventoryFigures(await counted('vandelay', 'job-v4', 6))).toMatchObject({ nodesDiscovered: 6, nodesRemoved: 0 });
      await publishDiscoveryFinished(messaging, 'vandelay', 'job-v4', [runOutput(cancelled, batches)]);
      await reportOf('vandelay', 'job-v4');
      await waitFor(() => countedReports('vandelay', 'job-v4').find((report) => report.nodesRemoved === 4), { message: 'a count with the reconcile\'s removals' });
    });

    it('reports a job that failed after its reconcile with the reconcile\'s own figures', async () => {
      const reconciled = reports.find((report): report is Reconciled => report.type === 'InventoryReconciled' && report.jobId === 'job-v1');
      await publishJobEnded(messaging, 'vandelay', 'job-v1', 'JobFailed');
      expect(inventoryFigures(await counted('vandelay', 'job-v1', 10))).toEqual(inventoryFigures(reconciled!));
    });
  });

  it('terminates a batch whose tenant is not the one of its subject, ingesting nothing', async () => {
    const run: RunAddress = { tenantId: 'acme', jobId: 'job-x', plugin: 'aws', attempt: 1, scope: 'aws:1' };
    const [batch] = batchesOf(chainEstate(3), run);
    // Published on acme's subject while claiming another tenant.
    await messaging.publish(`discovery.batches.acme.job-x`, { ...batch!, tenantId: 'intruder' }, { msgId: 'intruder-batch' });
    const jsm = await jetstreamManager(messaging.connection);
    await waitFor(async () => {
      const info = await jsm.consumers.info(`${namespace}_BATCHES`, INVENTORY_DURABLES.ingest);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }, { message: 'the batch handled' });
    expect(await readStore.collection(nodesCollection).forTenant('intruder').count()).toBe(0);
    expect(await readStore.collection(ingestedBatchesCollection).forTenant('acme').count({ run: 'job-x:aws:1' })).toBe(0);
  });
});
