import { CLOUD_LINK_SCOPE, jobChangeRange, summarizeChanges, type CreatedCounts, type JobChangeRecord, type ScopeChangeSummary } from '@strata/inventory-domain';
import { findAll, type ReadStore } from '@strata/platform-read-store';
import { ingestedBatchesCollection, jobChangeSummariesCollection, jobChangesCollection } from '../read-model/inventory-collections';

/**
 * A job's changes counted per scope, kind and type: the nodes and edges its batches created
 * (their records' `created_*` counts, every attempt's: each node is created once) plus its change
 * records. Read, never counted node by node, so a first discovery of a million nodes sums a few
 * thousand batch records.
 */
export async function countJobChanges(readStore: ReadStore, tenantId: string, jobId: string, pageSize = 1_000): Promise<ScopeChangeSummary[]> {
  const createdNodes: CreatedCounts[] = [];
  const createdEdges: CreatedCounts[] = [];
  const batches = readStore.collection(ingestedBatchesCollection).forTenant(tenantId);
  // Run keys are `${jobId}:${plugin}:${attempt}`: the job's are from `${jobId}:` up to `${jobId};`.
  for await (const { doc } of findAll(batches, { where: { run: { $gte: `${jobId}:`, $lt: `${jobId};` } }, limit: pageSize })) {
    if (doc.created_nodes) createdNodes.push({ [doc.scope]: doc.created_nodes });
    if (doc.created_edges) createdEdges.push({ [doc.scope]: doc.created_edges });
  }
  const records: JobChangeRecord[] = [];
  for await (const { doc } of findAll(readStore.collection(jobChangesCollection).forTenant(tenantId), { where: { $id: jobChangeRange(jobId) }, limit: pageSize })) {
    // Links between providers' nodes are derived, not discovered: no job's changes (see jobChangeSources).
    if (doc.job_id === jobId && doc.scope !== CLOUD_LINK_SCOPE) records.push(doc);
  }
  return summarizeChanges({ createdNodes, createdEdges, records });
}

/** Counts a reconciled job's changes and stores them (see `jobChangeSummariesCollection`). */
export async function storeJobChangeSummary(readStore: ReadStore, tenantId: string, jobId: string, now: string, pageSize?: number): Promise<ScopeChangeSummary[]> {
  const scopes = await countJobChanges(readStore, tenantId, jobId, pageSize);
  await readStore.collection(jobChangeSummariesCollection).forTenant(tenantId).upsert(jobId, { job_id: jobId, scopes, computed_at: now });
  return scopes;
}
