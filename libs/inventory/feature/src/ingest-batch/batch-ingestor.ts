import { batchMsgId, edgeId, pluginRunKey, type ResourceBatch, type TenantLimits } from '@strata/contracts';
import { appendHistory, jobChangeId, mergeChanges, onlySeenFieldsDiffer, planBatch, type BatchPlan, type InventoryNode } from '@strata/inventory-domain';
import { upsertSet, type DocumentEntry, type ReadStore, type TenantCollection, type UpsertSet } from '@strata/platform-read-store';
import { KeyedLock } from '@strata/shared-domain';
import { ActiveNodeCounts } from '../enforce-node-limit/active-node-counts';
import { JobRejections } from '../enforce-node-limit/job-rejections';
import { nodeLimitExceeded } from '../enforce-node-limit/node-limit';
import {
  edgeDocument,
  edgesCollection,
  edgeSightingsCollection,
  ingestedBatchesCollection,
  jobChangesCollection,
  nodeDocument,
  nodeHistoryCollection,
  nodesCollection,
  nodeSightingsCollection,
  reconciliationsCollection,
  scopeAbsencesCollection,
  sightingDocument,
  type IngestedBatch,
  type JobRejection,
} from '../read-model/inventory-collections';
import { readEdgesOfBatch, readNodesOfBatch, type SightedRecords } from '../read-model/sightings';
import { GraphSummarizer } from '../summarize-graph/graph-summarizer';
import { CoalescedWrites } from './coalesced-writes';

export interface BatchIngestorOptions {
  readStore: ReadStore;
  clock?: () => Date;
  /** The tenants' node limits; without it no limit applies. */
  tenantLimits?: TenantLimits;
  /** Shared with the reconciler, which forgets a tenant's count when it removes nodes. */
  activeNodeCounts?: ActiveNodeCounts;
  /** Shared with the reconciler, which refreshes the summary. */
  summarizer?: GraphSummarizer;
  /** Shared with the reconciler: a node is planned and written by one batch or reconcile at a time. */
  nodeLocks?: KeyedLock;
}

/**
 * - `ingested`: applied now (possibly writing nothing, when a redone attempt re-sent known nodes).
 * - `already_ingested`: this very batch was applied before (a redelivery).
 * - `stale`: its job is already reconciled, so it is a late batch of a superseded attempt.
 * - `rejected`: its job was refused (now, by this batch, or before); nothing was written.
 */
export type IngestOutcome = 'ingested' | 'already_ingested' | 'stale' | 'rejected';

export type IngestResult =
  | { outcome: Exclude<IngestOutcome, 'rejected'>; nodesWritten: number; edgesWritten: number }
  | { outcome: 'rejected'; nodesWritten: 0; edgesWritten: 0; rejection: JobRejection };

const NOTHING = { nodesWritten: 0, edgesWritten: 0 } as const;

/**
 * Applies resource batches to the graph: nodes and edges are upserted from what their stored
 * records and the batch say (`planBatch`), then the batch is recorded as ingested. Nothing is a
 * counter, so a batch applied twice, concurrently or after a crash half-way changes nothing more.
 *
 * For a tenant with a node limit, planning, the limit check and the writes of its batches run one
 * at a time in this process, so two batches cannot both pass on the same headroom. A batch that
 * would take the tenant past its limit is refused whole, its job recorded as rejected, and the
 * job's later batches are skipped. Several inventory processes each check on their own: together
 * they can pass the limit by up to what they write concurrently (see the README).
 */
export class BatchIngestor {
  readonly activeNodeCounts: ActiveNodeCounts;
  readonly summarizer: GraphSummarizer;
  readonly rejections: JobRejections;
  private readonly clock: () => Date;
  private readonly limitLock = new KeyedLock();
  readonly nodeLocks: KeyedLock;
  private readonly writes: CoalescedWrites;

  constructor(private readonly options: BatchIngestorOptions) {
    const { readStore } = options;
    this.clock = options.clock ?? (() => new Date());
    this.activeNodeCounts = options.activeNodeCounts ?? new ActiveNodeCounts({ readStore });
    this.summarizer = options.summarizer ?? new GraphSummarizer({ readStore, clock: this.clock });
    this.rejections = new JobRejections(readStore);
    this.writes = new CoalescedWrites(readStore);
    this.nodeLocks = options.nodeLocks ?? new KeyedLock();
  }

  async ingest(batch: ResourceBatch): Promise<IngestResult> {
    const { readStore } = this.options;
    const tenant = batch.tenantId;
    const ingested = readStore.collection(ingestedBatchesCollection).forTenant(tenant);
    if (await ingested.get(batchMsgId(batch))) return { outcome: 'already_ingested', ...NOTHING };
    if (await readStore.collection(reconciliationsCollection).forTenant(tenant).get(batch.jobId)) return { outcome: 'stale', ...NOTHING };
    const rejection = await this.rejections.get(tenant, batch.jobId);
    if (rejection) return { outcome: 'rejected', ...NOTHING, rejection };

    const limit = await this.options.tenantLimits?.maxNodes(tenant);
    // From reading the batch's nodes to storing them, no other batch or reconcile of this process
    // writes them: a sighting planned on a state that changed meanwhile could undo a newer one.
    // A job's own batches hold different nodes, so they still go on at once.
    const apply = () => this.nodeLocks.runAll(nodeLockKeys(tenant, batch.nodes), () => this.apply(batch, limit));
    if (limit === undefined) return apply();
    return this.limitLock.run(tenant, apply);
  }

  private async apply(batch: ResourceBatch, limit?: number): Promise<IngestResult> {
    const { readStore } = this.options;
    const tenant = batch.tenantId;
    if (limit !== undefined) {
      // Again under the lock: a batch of this job that held it before may have been refused.
      const rejection = await this.rejections.get(tenant, batch.jobId);
      if (rejection) return { outcome: 'rejected', ...NOTHING, rejection };
    }
    const [nodesRead, edgesRead, absence] = await Promise.all([
      readNodesOfBatch(readStore, tenant, batch.nodes),
      readEdgesOfBatch(readStore, tenant, batch.edges),
      readStore.collection(scopeAbsencesCollection).forTenant(tenant).get(batch.scope),
    ]);
    const storedNodes = nodesRead.records;
    const storedEdges = edgesRead.records;
    const now = this.clock().toISOString();
    const scopeAbsence = absence ? { jobId: absence.job_id, at: absence.absent_since } : undefined;
    const plan = planBatch(batch, { nodes: storedNodes, edges: storedEdges, ...(scopeAbsence ? { scopeAbsence } : {}) }, now);

    if (limit !== undefined) {
      const exceeded = nodeLimitExceeded({ jobId: batch.jobId, active: await this.activeNodeCounts.current(tenant), activating: plan.activated.length, limit });
      if (exceeded) {
        const rejection = await this.rejections.reject(tenant, batch.jobId, exceeded, now);
        return { outcome: 'rejected', ...NOTHING, rejection };
      }
    }

    const ingestedBatch: IngestedBatch = {
      run: pluginRunKey(batch.jobId, batch.plugin, batch.attempt),
      job_id: batch.jobId,
      plugin: batch.plugin,
      attempt: batch.attempt,
      sequence: batch.sequence,
      scope: batch.scope,
      nodes: batch.nodes.length,
      edges: batch.edges.length,
      nodes_seen: plan.counts.seen,
      nodes_updated: plan.counts.updated,
      changed: plan.changed,
      ...(Object.keys(plan.created.nodes).length > 0 ? { created_nodes: plan.created.nodes } : {}),
      ...(Object.keys(plan.created.edges).length > 0 ? { created_edges: plan.created.edges } : {}),
      ingested_at: now,
    };
    // Only counts outlive the write: the batch's documents are garbage once serialised for it.
    const written = { nodesWritten: plan.nodes.length, edgesWritten: plan.edges.length, activated: plan.activated.length };
    try {
      await this.summarizer.register(tenant, batch.nodes);
      // One write, in this order: on SQLite one transaction, so the batch counts as ingested
      // exactly when what it carries is stored. Where sets are written one by one (MongoDB), the
      // order still holds: history first, since repeated after a crash its entries are recognised
      // (one per job) whereas nodes already written would no longer show the change; the batch
      // record last, as it says everything before it is stored. Change records go with the
      // history, for the same reason.
      // A record seen again with nothing else changed writes its sighting only (`onlySeenFieldsDiffer`).
      // Sightings behind their documents (a write cut short between the two) are mended on the way.
      const changedNodes = plan.nodes.filter((node) => !onlySeenFieldsDiffer(storedNodes.get(node.id), node));
      const changedEdges = plan.edges.filter((edge) => !onlySeenFieldsDiffer(storedEdges.get(edgeId(edge)), edge));
      const sightedNodes = withMended(plan.nodes, nodesRead, (node) => node.id);
      const sightedEdges = withMended(plan.edges, edgesRead, edgeId);
      const sets = [
        ...(await this.historySets(tenant, plan)),
        ...(await this.changeSets(tenant, batch.jobId, plan, storedNodes)),
        ...nonEmpty(readStore.collection(nodesCollection).forTenant(tenant), changedNodes.map((node) => ({ id: node.id, doc: nodeDocument(node) }))),
        ...nonEmpty(readStore.collection(nodeSightingsCollection).forTenant(tenant), sightedNodes.map((node) => ({ id: node.id, doc: sightingDocument(node) }))),
        ...nonEmpty(readStore.collection(edgesCollection).forTenant(tenant), changedEdges.map((edge) => ({ id: edgeId(edge), doc: edgeDocument(edge) }))),
        ...nonEmpty(readStore.collection(edgeSightingsCollection).forTenant(tenant), sightedEdges.map((edge) => ({ id: edgeId(edge), doc: sightingDocument(edge) }))),
        upsertSet(readStore.collection(ingestedBatchesCollection).forTenant(tenant), [{ id: batchMsgId(batch), doc: ingestedBatch }]),
      ];
      await this.writes.write(sets);
    } catch (error) {
      this.activeNodeCounts.forget(tenant);
      throw error;
    }
    this.activeNodeCounts.activated(tenant, written.activated);
    // Nodes new or back: what the graph summary counts changed.
    if (written.activated > 0) this.summarizer.changed(tenant);
    return { outcome: 'ingested', nodesWritten: written.nodesWritten, edgesWritten: written.edgesWritten };
  }

  /**
   * The job's change records: merged with the record this job already has for a node it changed
   * before (its `last_changed_job`), so the change reads from the value before the job to the last.
   */
  private async changeSets(tenant: string, jobId: string, plan: BatchPlan, storedNodes: ReadonlyMap<string, InventoryNode>): Promise<UpsertSet[]> {
    if (plan.changes.length === 0) return [];
    const changes = this.options.readStore.collection(jobChangesCollection).forTenant(tenant);
    const entries = plan.changes.map((record) => ({ id: jobChangeId(record), doc: record }));
    const again = entries.filter(({ doc }) => doc.node && storedNodes.get(doc.node.id)?.last_changed_job === jobId);
    if (again.length > 0) {
      const earlier = await changes.getMany(again.map(({ id }) => id));
      for (const entry of again) entry.doc = mergeChanges(earlier.get(entry.id), entry.doc);
    }
    return [upsertSet(changes, entries)];
  }

  private async historySets(tenant: string, plan: BatchPlan): Promise<UpsertSet[]> {
    if (plan.history.length === 0) return [];
    const histories = this.options.readStore.collection(nodeHistoryCollection).forTenant(tenant);
    const stored = await histories.getMany(plan.history.map(({ nodeId }) => nodeId));
    return [upsertSet(histories, plan.history.map(({ nodeId, entry }) => ({ id: nodeId, doc: appendHistory(stored.get(nodeId), entry) })))];
  }
}

/** The keys a batch or reconcile locks its nodes by (see `BatchIngestorOptions.nodeLocks`). */
export function nodeLockKeys(tenant: string, nodes: readonly { id: string }[]): string[] {
  return nodes.map(({ id }) => `${tenant}\u0000${id}`);
}

/** The planned records, plus the stored ones whose sighting is behind their document and that the plan leaves as they are. */
function withMended<T>(planned: readonly T[], read: SightedRecords<T>, idOf: (record: T) => string): T[] {
  if (read.staleSightings.length === 0) return [...planned];
  const ids = new Set(planned.map(idOf));
  return [...planned, ...read.staleSightings.filter((id) => !ids.has(id)).map((id) => read.records.get(id)!)];
}

function nonEmpty<T extends object>(collection: TenantCollection<T>, entries: DocumentEntry<T>[]): UpsertSet[] {
  return entries.length > 0 ? [upsertSet(collection, entries)] : [];
}
