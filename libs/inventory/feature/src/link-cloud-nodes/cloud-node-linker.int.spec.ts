import { join } from 'node:path';
import type { ResourceBatch, ResourceNode } from '@strata/contracts';
import { CLOUD_LINK_SCOPE } from '@strata/inventory-domain';
import { openSqliteReadStore, type ReadStore, type TenantCollection } from '@strata/platform-read-store';
import { makeTempDir, type TempDir } from '@strata/testing';
import { vm } from '../fixtures/inventory-fixtures';
import { BatchIngestor } from '../ingest-batch/batch-ingestor';
import { edgesCollection } from '../read-model/inventory-collections';
import { ScopeReconciler } from '../reconcile-scope/scope-reconciler';
import { jobChangeSources } from '../job-changes/job-change-sources';
import { countJobChanges } from '../job-changes/job-change-summarizer';
import { CloudNodeLinker } from './cloud-node-linker';

/*
 * An EKS node and the EC2 instance it runs on come from jobs of two scopes (the cluster, the
 * account); the link between them follows both through the real ingest and reconcile on SQLite.
 */

const TENANT = 'acme';
const instanceArn = (id: string) => `arn:aws:ec2:eu-west-1:123456789012:instance/${id}`;
const instance = (id: string): ResourceNode => vm(instanceArn(id), 'running', { attributes: { instance_id: id, state: 'running' } });
const eksNode = (name: string, instanceId: string): ResourceNode => ({
  id: `k8s:prod:${name}`,
  type: 'kubernetes.node',
  provider: 'kubernetes',
  name,
  account: 'prod',
  tags: {},
  attributes: { aws_instance_id: instanceId, region: 'eu-west-1', provider_id: `aws:///eu-west-1a/${instanceId}` },
});

describe('CloudNodeLinker', () => {
  let dir: TempDir;
  let readStore: ReadStore;
  let ingestor: BatchIngestor;
  let reconciler: ScopeReconciler;
  let linker: CloudNodeLinker;
  let clockMs = Date.parse('2026-12-01T00:00:00Z');
  const clock = () => new Date((clockMs += 1000));

  beforeAll(async () => {
    dir = await makeTempDir('cloud-links');
    readStore = openSqliteReadStore(join(dir.path, 'strata.db'));
    ingestor = new BatchIngestor({ readStore, clock });
    reconciler = new ScopeReconciler({ readStore, clock, nodeLocks: ingestor.nodeLocks, batchWaitMs: 50, batchPollIntervalMs: 5 });
    linker = new CloudNodeLinker({ readStore, clock, nodeLocks: ingestor.nodeLocks, pageSize: 2 });
  });
  afterAll(async () => {
    await readStore.close();
    await dir.remove();
  });

  /** A complete job over one scope that saw `nodes`, reconciled and linked as inventory does. */
  async function runJob(jobId: string, plugin: string, scope: string, nodes: ResourceNode[]) {
    const observedAt = clock().toISOString();
    const batch: ResourceBatch = { tenantId: TENANT, jobId, plugin, attempt: 1, sequence: 0, scope, observedAt, nodes, edges: [] };
    await ingestor.ingest(batch);
    const outcome = await reconciler.reconcile({ tenantId: TENANT, jobId, runs: [{ plugin, attempt: 1, batches: 1, scope, startedAt: observedAt }] });
    expect(outcome.kind).toBe('reconciled');
    return linker.link(TENANT, jobId);
  }

  async function links() {
    const page = await readStore.collection(edgesCollection).forTenant(TENANT).find({ where: {}, limit: 100 });
    return page.items
      .filter(({ doc }) => doc.scope === CLOUD_LINK_SCOPE)
      .map(({ doc }) => ({ from: doc.from, to: doc.to, type: doc.type, status: doc.status }))
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  }

  it('links an EKS node to its instance once both are in the graph, whichever job came last', async () => {
    await expect(runJob('job-k1', 'kubernetes', 'kubernetes:prod', [eksNode('n1', 'i-1'), eksNode('n2', 'i-2')])).resolves.toEqual({ linked: 0, unlinked: 0 });
    await expect(runJob('job-a1', 'aws', 'aws:123456789012', [instance('i-1'), instance('i-2'), instance('i-3')])).resolves.toEqual({ linked: 2, unlinked: 0 });
    expect(await links()).toEqual([
      { from: 'k8s:prod:n1', to: instanceArn('i-1'), type: 'runs_on', status: 'active' },
      { from: 'k8s:prod:n2', to: instanceArn('i-2'), type: 'runs_on', status: 'active' },
    ]);
    // Nothing moved: nothing written.
    await expect(runJob('job-k2', 'kubernetes', 'kubernetes:prod', [eksNode('n1', 'i-1'), eksNode('n2', 'i-2')])).resolves.toEqual({ linked: 0, unlinked: 0 });
  });

  it('moves a link when the node names another instance, and keeps it through both scopes’ reconciles', async () => {
    await expect(runJob('job-k3', 'kubernetes', 'kubernetes:prod', [eksNode('n1', 'i-3'), eksNode('n2', 'i-2')])).resolves.toEqual({ linked: 1, unlinked: 1 });
    await runJob('job-a2', 'aws', 'aws:123456789012', [instance('i-1'), instance('i-2'), instance('i-3')]);
    expect(await links()).toEqual([
      { from: 'k8s:prod:n1', to: instanceArn('i-1'), type: 'runs_on', status: 'removed' },
      { from: 'k8s:prod:n1', to: instanceArn('i-3'), type: 'runs_on', status: 'active' },
      { from: 'k8s:prod:n2', to: instanceArn('i-2'), type: 'runs_on', status: 'active' },
    ]);
  });

  it('goes with a removed instance and comes back with it', async () => {
    await runJob('job-a3', 'aws', 'aws:123456789012', [instance('i-1'), instance('i-3')]);
    expect((await links()).find((link) => link.from === 'k8s:prod:n2')?.status).toBe('removed');
    // Links are derived, not discovered: the job removed an instance, not a link.
    expect((await countJobChanges(readStore, TENANT, 'job-a3')).map((summary) => summary.scope)).toEqual(['aws:123456789012']);
    const listed = [];
    for (const source of jobChangeSources(readStore, TENANT, 'job-a3', {})) {
      const page = await (source.collection as TenantCollection<object>).find({ where: source.where as never, limit: 100 });
      listed.push(...page.items.filter(({ doc }) => (source.matches as (doc: object) => boolean)(doc)).map(({ doc }) => (source.item as (doc: object) => { kind: string; type?: string })(doc)));
    }
    expect(listed.map((item) => `${item.kind}:${item.type}`)).toEqual(['node:aws.ec2.instance']);
    await expect(runJob('job-a4', 'aws', 'aws:123456789012', [instance('i-1'), instance('i-2'), instance('i-3')])).resolves.toEqual({ linked: 1, unlinked: 0 });
    expect((await links()).find((link) => link.from === 'k8s:prod:n2')?.status).toBe('active');
  });

  it('goes with a removed Kubernetes node', async () => {
    await runJob('job-k4', 'kubernetes', 'kubernetes:prod', [eksNode('n1', 'i-3')]);
    expect((await links()).filter((link) => link.status === 'active').map((link) => link.from)).toEqual(['k8s:prod:n1']);
  });
});
