import type { ReadStore } from '@strata/platform-read-store';
import { findAll } from '@strata/platform-read-store';
import { inventoryBatchesView, inventoryJobChangesView, inventoryNodesView, inventoryReconciliationsView } from '../read-model/audit-collections';
import { EdgeEnds } from './edge-ends';

const PAGE = 1_000;

/** What a reconciled job changed, as the inventory recorded it. */
export interface JobChanges {
  scopes: string[];
  /**
   * The nodes whose state the job changed: created, changed, restored or removed, and the ends
   * of the edges it created, restored or removed. Undefined when a batch of the job predates
   * inventory keeping its changes: the job is then audited whole.
   */
  changed: Set<string> | undefined;
}

/** Reads a job's changes: its batches' `changed` lists (every attempt, a superset), its removals and their edges' other ends, the ends of the edges it removed or restored. */
export async function readJobChanges(readStore: ReadStore, tenantId: string, jobId: string): Promise<JobChanges> {
  const reconciliation = await readStore.collection(inventoryReconciliationsView).forTenant(tenantId).get(jobId);
  const scopes = reconciliation?.scopes ?? [];
  const changed = new Set<string>();
  const batches = readStore.collection(inventoryBatchesView).forTenant(tenantId);
  // Runs are `${jobId}:${plugin}:${attempt}`: the job's are one range of the index.
  for await (const { doc } of findAll(batches, { where: { run: { $gte: `${jobId}:`, $lt: `${jobId};` } }, sort: { field: 'run' }, limit: PAGE })) {
    if (doc.job_id !== jobId) continue;
    if (doc.changed === undefined) return { scopes, changed: undefined };
    for (const id of doc.changed) changed.add(id);
  }
  const removed: string[] = [];
  for await (const { id } of findAll(readStore.collection(inventoryNodesView).forTenant(tenantId), { where: { removed_in_job: jobId }, limit: PAGE })) removed.push(id);
  for (const id of removed) changed.add(id);
  // Reconcile removed the edges of the nodes it removed: what was at their other end changed too.
  const ends = new EdgeEnds(readStore, tenantId);
  for (const id of await ends.neighboursAnyStatus(removed)) changed.add(id);
  // And the edges it removed or restored between nodes that remain: both their ends changed.
  const edgeChanges = { $id: { $gte: `${jobId}|e|`, $lt: `${jobId}|e}` } };
  for await (const { doc } of findAll(readStore.collection(inventoryJobChangesView).forTenant(tenantId), { where: edgeChanges, limit: PAGE })) {
    if (doc.job_id !== jobId || !doc.edge) continue;
    changed.add(doc.edge.from);
    changed.add(doc.edge.to);
  }
  return { scopes, changed };
}
