import { batchMsgId, edgeId, type ResourceBatch } from '@strata/contracts';
import { observeEdge, type EdgeRecord } from './edge-record';
import { changedFields, type NodeHistoryEntry } from './node-history';
import { observeNode, type NodeRecord, type ObservedNode } from './node-record';

/**
 * A node record plus the job whose observation last counted as an update (`updated_in_job`,
 * which later jobs leave alone unless they update the node again) and the batch that made the
 * last job see it, which together let a batch rewritten after a cut-short write count again.
 */
export interface InventoryNode extends NodeRecord {
  updated_in_job: string | null;
  /**
   * The batch (`batchMsgId`) in which `last_seen_job` first saw the node. Absent on records
   * written before it was kept.
   */
  last_seen_batch?: string;
}

/**
 * Whether a job's observation counts towards `nodes_updated`: the node existed before the job
 * (active or removed) and its content differs from what was stored. A node restored with the
 * same content is discovered again but not updated; one restored with other content is updated.
 */
export function countsAsUpdate(existing: NodeRecord | undefined, observed: ObservedNode): boolean {
  switch (observed.change) {
    case 'updated':
      return true;
    case 'restored':
      return existing !== undefined && existing.content_hash !== observed.record.content_hash;
    case 'created':
    case 'unchanged':
    case 'already_seen':
      return false;
  }
}

/** A change a batch makes to a node that its history records (creations are not stored). */
export interface PlannedHistoryEntry {
  nodeId: string;
  entry: NodeHistoryEntry;
}

/** The documents a batch changes; everything it does not list is already up to date. */
export interface BatchPlan {
  nodes: InventoryNode[];
  edges: EdgeRecord[];
  /** `updated` and `restored` entries for the nodes' histories. */
  history: PlannedHistoryEntry[];
  /**
   * Ids of the nodes this batch makes active that were not active before it (new or restored):
   * what the tenant's node limit is checked against.
   */
  activated: string[];
  /**
   * The batch's share of its job's statistics: `seen`, the nodes the job sees here for the first
   * time; `updated`, those among them that count as updated ({@link countsAsUpdate}). Summed over
   * a job's batches they give `nodes_discovered` and `nodes_updated`, whatever other jobs do to
   * the same nodes meanwhile.
   */
  counts: { seen: number; updated: number };
}

export interface StoredGraph {
  nodes: ReadonlyMap<string, InventoryNode>;
  edges: ReadonlyMap<string, EdgeRecord>;
}

/**
 * What ingesting `batch` writes, given the stored records of its nodes and edges. Records the
 * job already saw are not rewritten, so a redelivered batch or a redone attempt writes nothing.
 * Records this job already reconciled away are left alone: only a late batch of a superseded
 * attempt can carry them, and the job's final attempt did not see them.
 */
export function planBatch(batch: ResourceBatch, stored: StoredGraph, now: string): BatchPlan {
  const { jobId, scope } = batch;
  const batchId = batchMsgId(batch);
  const nodes = new Map<string, InventoryNode>();
  const history: PlannedHistoryEntry[] = [];
  const activated: string[] = [];
  const counted = new Set<string>();
  const counts = { seen: 0, updated: 0 };
  const count = (id: string, updated: boolean) => {
    if (counted.has(id)) return;
    counted.add(id);
    counts.seen += 1;
    if (updated) counts.updated += 1;
  };
  for (const node of batch.nodes) {
    const existing = nodes.get(node.id) ?? stored.nodes.get(node.id);
    if (existing?.removed_in_job === jobId) continue;
    const observed = observeNode(existing, node, { jobId, scope, now });
    if (observed.change === 'already_seen') {
      // Stored by this very batch, whose write a crash cut short before its batch record (stores
      // that write the sets one by one): counted again as it was then, not rewritten.
      if (existing?.last_seen_batch === batchId) count(node.id, existing.updated_in_job === jobId);
      continue;
    }
    const updated = countsAsUpdate(existing, observed);
    count(node.id, updated);
    nodes.set(node.id, { ...observed.record, updated_in_job: updated ? jobId : (existing?.updated_in_job ?? null), last_seen_batch: batchId });
    if (existing?.status !== 'active') activated.push(node.id);
    if (existing && (observed.change === 'updated' || observed.change === 'restored')) {
      history.push({ nodeId: node.id, entry: { change: observed.change, job_id: jobId, at: now, changed: changedFields(existing, node) } });
    }
  }
  const edges = new Map<string, EdgeRecord>();
  for (const edge of batch.edges) {
    const id = edgeId(edge);
    const existing = edges.get(id) ?? stored.edges.get(id);
    if (existing?.removed_in_job === jobId) continue;
    const observed = observeEdge(existing, edge, { jobId, scope, now });
    if (observed.change !== 'already_seen') edges.set(id, observed.record);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], history, activated, counts };
}
