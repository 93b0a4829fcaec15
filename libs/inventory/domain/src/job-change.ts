import { edgeId, type JobChangeItem, type ResourceEdge, type ResourceNode } from '@strata/contracts';
import { canonicalJson } from '@strata/shared-domain';
import type { AttributeDiff, FieldChange } from './attribute-diff';
import type { Sighting } from './sighting';

/** What a job did to a node or an edge, as the job's change list says it. Edges are never `changed`. */
export type ChangeKind = 'added' | 'changed' | 'removed';

/** The node a change is about, as it was when the change was recorded. */
export interface ChangedNode {
  id: string;
  type: string;
  provider: string;
  name: string;
  account?: string;
  region?: string;
}

/**
 * A stored change of one job: a node changed (with its diff), a node or edge restored (`added`,
 * `restored`) or removed. Nodes and edges a job creates have none: they are the ones whose
 * `first_seen_job` is the job, so a first discovery writes no change records at all.
 */
export interface JobChangeRecord {
  job_id: string;
  scope: string;
  change: ChangeKind;
  /** When the change was observed: the sighting's time, or the absence's for a removal. */
  at: string;
  /** An `added` node or edge that existed before and was removed: seen again. */
  restored?: true;
  node?: ChangedNode;
  edge?: ResourceEdge;
  /** `changed` nodes: what changed, bounded (see `attributeDiff`). */
  diff?: AttributeDiff;
}

/**
 * The id of a change record: `<job>|n|<node id>` or `<job>|e|<edge id>`. A job's changes are
 * then one range of ids ({@link jobChangeRange}), so they need no index of their own, and a
 * repeated write of the same change (a redelivery) replaces it.
 */
export function jobChangeId(record: Pick<JobChangeRecord, 'job_id' | 'node' | 'edge'>): string {
  if (record.node) return nodeChangeId(record.job_id, record.node.id);
  if (record.edge) return `${record.job_id}|e|${edgeId(record.edge)}`;
  throw new Error('a change record names a node or an edge');
}

/** The id of `jobId`'s change record of a node (see {@link jobChangeId}). */
export const nodeChangeId = (jobId: string, nodeId: string): string => `${jobId}|n|${nodeId}`;

/** Bounds of the ids of one job's change records (`'}'` follows `'|'`). */
export const jobChangeRange = (jobId: string): { $gte: string; $lt: string } => ({ $gte: `${jobId}|`, $lt: `${jobId}}` });

/** The fields of a node a change record keeps. */
export function changedNode(node: ResourceNode): ChangedNode {
  return {
    id: node.id,
    type: node.type,
    provider: node.provider,
    name: node.name,
    ...(node.account !== undefined ? { account: node.account } : {}),
    ...(node.region !== undefined ? { region: node.region } : {}),
  };
}

/**
 * One job changing a node twice (a plugin sending it twice in a run, or a redone attempt seeing
 * other content): the job's change goes from the first old value to the last new one. A node the
 * job restored stays `added`. Fields changed back to their first value drop out.
 */
export function mergeChanges(earlier: JobChangeRecord | undefined, later: JobChangeRecord): JobChangeRecord {
  if (!earlier || earlier.job_id !== later.job_id) return later;
  if (earlier.change === 'added' && later.change === 'changed') return { ...earlier, ...(later.node ? { node: later.node } : {}), at: later.at };
  if (earlier.change !== 'changed' || later.change !== 'changed' || !earlier.diff || !later.diff) return later;
  const first = new Map(earlier.diff.fields.map((field) => [field.field, field]));
  const fields = new Map<string, FieldChange>(earlier.diff.fields.map((field) => [field.field, field]));
  for (const field of later.diff.fields) {
    const before = first.get(field.field);
    const merged: FieldChange = { field: field.field };
    const old = before ? before.old : field.old;
    if (old !== undefined) merged.old = old;
    if (field.new !== undefined) merged.new = field.new;
    if (before?.value_truncated || field.value_truncated) merged.value_truncated = true;
    fields.set(field.field, merged);
  }
  const kept = [...fields.values()].filter((field) => canonicalJson(field.old) !== canonicalJson(field.new) || field.value_truncated).sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  const total = Math.max(earlier.diff.total, later.diff.total, kept.length);
  return { ...later, diff: { fields: kept, total, truncated: earlier.diff.truncated || later.diff.truncated } };
}

/** A node a job created, as a change item (`added`, at its first sighting). */
export function addedNodeItem(node: ResourceNode & Pick<Sighting, 'scope' | 'first_seen'>): JobChangeItem {
  return { kind: 'node', change: 'added', ...changedNode(node), scope: node.scope, at: node.first_seen };
}

/** An edge a job created, as a change item. */
export function addedEdgeItem(edge: ResourceEdge & Pick<Sighting, 'scope' | 'first_seen'>): JobChangeItem {
  return { kind: 'edge', change: 'added', from: edge.from, to: edge.to, type: edge.type, scope: edge.scope, at: edge.first_seen };
}

/** A stored change record as a change item. */
export function changeRecordItem(record: JobChangeRecord): JobChangeItem {
  const common = { scope: record.scope, at: record.at, ...(record.restored ? { restored: true } : {}) };
  if (record.edge) {
    if (record.change === 'changed') throw new Error('an edge is never changed, only added or removed');
    return { kind: 'edge', change: record.change, from: record.edge.from, to: record.edge.to, type: record.edge.type, ...common };
  }
  if (!record.node) throw new Error('a change record names a node or an edge');
  return {
    kind: 'node',
    change: record.change,
    ...record.node,
    ...common,
    ...(record.diff ? { fields: record.diff.fields, fields_total: record.diff.total, truncated: record.diff.truncated } : {}),
  };
}
