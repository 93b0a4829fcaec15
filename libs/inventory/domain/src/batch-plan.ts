import { batchMsgId, edgeId, pluginRunKey, type ResourceBatch } from '@strata/contracts';
import { observeEdge, type EdgeRecord } from './edge-record';
import { attributeDiff } from './attribute-diff';
import { changedNode, type JobChangeRecord } from './job-change';
import { changedFields, type NodeHistoryEntry } from './node-history';
import { observeNode, type NodeRecord, type ObservedNode } from './node-record';
import { removedBy, sightingWins, type Absence } from './sighting';

/**
 * A node record plus the job whose observation last counted as an update (`updated_in_job`,
 * which later jobs leave alone unless they update the node again) and the batch that made the
 * last job see it, which together let a batch rewritten after a cut-short write count again.
 */
export interface InventoryNode extends NodeRecord {
  updated_in_job: string | null;
  /**
   * The batch (`batchMsgId`) and the plugin run attempt (`pluginRunKey`) whose sighting the
   * record holds: an attempt counts each node once, and a batch whose write a crash cut short
   * counts again what it had stored. Absent on records written before they were kept.
   */
  last_seen_batch?: string;
  last_seen_run?: string;
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
      return false;
  }
}

/** A change a batch makes to a node that its history records (creations are not stored). */
export interface PlannedHistoryEntry {
  nodeId: string;
  entry: NodeHistoryEntry;
}

/**
 * The records a batch changes; everything it does not list is already up to date. A record it
 * lists may differ from the stored one in its `SeenFields` only: a sighting of an unchanged resource.
 */
export interface BatchPlan {
  nodes: InventoryNode[];
  edges: EdgeRecord[];
  /** `updated` and `restored` entries for the nodes' histories (and `removed`, see `planBatch`). */
  history: PlannedHistoryEntry[];
  /**
   * Ids of the nodes this batch makes active that were not active before it (new or restored):
   * what the tenant's node limit is checked against.
   */
  activated: string[];
  /**
   * Ids of the nodes whose stored state this batch changes for what rules see: created, changed
   * in content, restored, or rewritten by this very batch before a crash (counted again, as it
   * cannot tell), and both ends of each edge it creates or whose status it changes. The audit
   * re-evaluates what depends on them instead of the whole scope.
   */
  changed: string[];
  /**
   * The batch's share of its plugin run attempt's statistics: `seen`, the nodes the attempt sees
   * here for the first time; `updated`, those among them that count as updated. Summed over the
   * batches of a job's final attempts they give `nodes_discovered` and `nodes_updated`, whatever
   * other jobs do to the same nodes meanwhile.
   */
  counts: { seen: number; updated: number };
  /**
   * The job's change records this batch makes: nodes it changed (with their diff), nodes and
   * edges it restored. Not the ones it creates: those are counted in `created`, and listed by
   * their `first_seen_job`. Nor changes of nodes the job itself created.
   */
  changes: JobChangeRecord[];
  /** Nodes and edges this batch creates (their `first_seen_job` is the job), per type. */
  created: { nodes: Record<string, number>; edges: Record<string, number> };
}

export interface StoredGraph {
  nodes: ReadonlyMap<string, InventoryNode>;
  edges: ReadonlyMap<string, EdgeRecord>;
  /** The newest absence observed over the batch's scope (its last reconcile), if any. */
  scopeAbsence?: Absence;
}

/**
 * What ingesting `batch` writes, given the stored records of its nodes and edges. The latest
 * observation wins: the batch's sightings (made at `batch.observedAt`, or `now` for batches that
 * do not say) replace what is stored only when they are at least as new as it, so a newer
 * sighting restores a node a reconcile removed, and an older one (a batch that arrived late)
 * changes nothing, though its attempt still counts the nodes it saw. A node first stored by a
 * sighting older than its scope's last absence is stored as removed by that absence. Nodes the
 * same attempt already saw are not rewritten, so a redelivered batch writes nothing; a redone
 * attempt, a newer observation, rewrites them.
 */
export function planBatch(batch: ResourceBatch, stored: StoredGraph, now: string): BatchPlan {
  const { jobId, scope } = batch;
  const at = batch.observedAt ?? now;
  const sighting = { jobId, scope, at };
  const batchId = batchMsgId(batch);
  const run = pluginRunKey(jobId, batch.plugin, batch.attempt);
  const absence = stored.scopeAbsence && Date.parse(at) < Date.parse(stored.scopeAbsence.at) ? stored.scopeAbsence : undefined;
  const nodes = new Map<string, InventoryNode>();
  const history: PlannedHistoryEntry[] = [];
  const activated: string[] = [];
  const counted = new Set<string>();
  const counts = { seen: 0, updated: 0 };
  const changed = new Set<string>();
  const changes: JobChangeRecord[] = [];
  const created = { nodes: {} as Record<string, number>, edges: {} as Record<string, number> };
  const countCreated = (perType: Record<string, number>, type: string) => {
    perType[type] = (perType[type] ?? 0) + 1;
  };
  const count = (id: string, updated: boolean) => {
    if (counted.has(id)) return;
    counted.add(id);
    counts.seen += 1;
    if (updated) counts.updated += 1;
  };
  for (const node of batch.nodes) {
    const existing = nodes.get(node.id) ?? stored.nodes.get(node.id);
    // Seen by this attempt already, in an earlier batch: counted there (a plugin sends a
    // resource once per run; should it send one twice, the newer sighting is still kept).
    const seenByAttempt = existing?.last_seen_run === run;
    if (seenByAttempt && existing.last_seen_batch === batchId) {
      // Stored by this very batch, whose write a crash cut short before its batch record: counted again as it was then.
      count(node.id, existing.updated_in_job === jobId);
      changed.add(node.id);
      // Created by this very batch (its first sighting is this one): counted as created again, as the record it lost did.
      if (existing.first_seen_job === jobId && existing.first_seen === existing.last_seen) countCreated(created.nodes, node.type);
      continue;
    }
    if (!sightingWins(existing, at)) {
      if (!seenByAttempt) count(node.id, false);
      continue;
    }
    // The same attempt at the same moment is the same observation: nothing to write.
    if (seenByAttempt && Date.parse(at) === Date.parse(existing.last_seen)) continue;
    const observed = observeNode(existing, node, sighting);
    // An update this job made in an earlier attempt still counts: the job's figures are its final attempts'.
    const updated = countsAsUpdate(existing, observed) || (existing !== undefined && existing.updated_in_job === jobId);
    if (!seenByAttempt) count(node.id, updated);
    const record: InventoryNode = {
      ...observed.record,
      updated_in_job: updated ? jobId : (existing?.updated_in_job ?? null),
      // The batch that counted the node for this attempt, kept when a later one sees it again.
      last_seen_batch: (seenByAttempt && existing.last_seen_batch) || batchId,
      last_seen_run: run,
    };
    if (observed.change !== 'unchanged') changed.add(node.id);
    if (!existing) countCreated(created.nodes, node.type);
    // A node the job created is its `added` whatever it does to it after; other changes are recorded.
    if (existing && existing.first_seen_job !== jobId && (observed.change === 'updated' || observed.change === 'restored')) {
      changes.push(
        observed.change === 'updated'
          ? { job_id: jobId, scope, change: 'changed', at, node: changedNode(node), diff: attributeDiff(existing, node) }
          : { job_id: jobId, scope, change: 'added', at, restored: true, node: changedNode(node) },
      );
    }
    if (!existing && absence) {
      nodes.set(node.id, removedBy(record, absence));
      history.push({ nodeId: node.id, entry: { change: 'removed', job_id: absence.jobId, at: absence.at } });
      // Added by this job as of its sighting, removed by the absence's job as of that absence (a record it gains late).
      changes.push({ job_id: absence.jobId, scope, change: 'removed', at: absence.at, node: changedNode(node) });
      continue;
    }
    nodes.set(node.id, record);
    if (existing?.status !== 'active') activated.push(node.id);
    if (existing && (observed.change === 'updated' || observed.change === 'restored')) {
      history.push({ nodeId: node.id, entry: { change: observed.change, job_id: jobId, at, changed: changedFields(existing, node) } });
    }
  }
  const edges = new Map<string, EdgeRecord>();
  for (const edge of batch.edges) {
    const id = edgeId(edge);
    const existing = edges.get(id) ?? stored.edges.get(id);
    if (!sightingWins(existing, at)) continue;
    if (existing?.status === 'active' && existing.last_seen === at && existing.last_seen_job === jobId && existing.scope === scope) continue;
    const observed = observeEdge(existing, edge, sighting);
    const record = observed.record;
    // An end removed after this sighting was made removes the edge with it, as reconcile does.
    const removal = removalAfter(nodes.get(edge.from) ?? stored.nodes.get(edge.from), at) ?? removalAfter(nodes.get(edge.to) ?? stored.nodes.get(edge.to), at);
    const written = removal ? removedBy(record, removal) : record;
    edges.set(id, written);
    if (observed.change === 'created') countCreated(created.edges, edge.type);
    if (observed.change === 'restored' && written.status === 'active' && existing?.first_seen_job !== jobId) {
      changes.push({ job_id: jobId, scope, change: 'added', at, restored: true, edge: { from: edge.from, to: edge.to, type: edge.type } });
    }
    if (removal && existing?.status !== 'removed') {
      // Seen before its end's removal: gone as of that removal, by the job that made it.
      changes.push({ job_id: removal.jobId, scope, change: 'removed', at: removal.at, edge: { from: edge.from, to: edge.to, type: edge.type } });
    }
    if (existing?.status !== written.status) {
      changed.add(edge.from);
      changed.add(edge.to);
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], history, activated, changed: [...changed], counts, changes, created };
}

/** The absence that removed `node`, if it is newer than a sighting at `at`. */
function removalAfter(node: InventoryNode | undefined, at: string): Absence | undefined {
  if (node?.status !== 'removed' || node.removed_at === null || node.removed_in_job === null || sightingWins(node, at)) return undefined;
  return { jobId: node.removed_in_job, at: node.removed_at };
}
