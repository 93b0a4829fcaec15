import type { InventoryFigures } from '@strata/contracts';
import { findAll, type ReadStore } from '@strata/platform-read-store';
import { edgesCollection, ingestedBatchesCollection, nodesCollection, type Reconciliation } from './inventory-collections';


export const reconciledStats = (done: Reconciliation): InventoryFigures => ({
  nodesDiscovered: done.nodes_discovered,
  nodesUpdated: done.nodes_updated,
  nodesRemoved: done.nodes_removed,
  edgesCreated: done.edges_created,
});

/**
 * What inventory holds of a job now: the nodes it saw and updated, summed over the records of
 * every batch of every run and attempt of the job (a redone attempt's batches count what the
 * earlier attempts had not seen, so the sum counts each node once, whatever other jobs did to
 * the same nodes meanwhile), the nodes it removed and the edges it created. Batch records written
 * before they carried their counts (an upgrade mid-job) make it count over the nodes as they are
 * now instead, which leaves out what a job running beside this one saw after it.
 */
export async function countJobInventory(readStore: ReadStore, tenantId: string, jobId: string, pageSize: number): Promise<InventoryFigures> {
  const nodes = readStore.collection(nodesCollection).forTenant(tenantId);
  const edges = readStore.collection(edgesCollection).forTenant(tenantId);
  const seen = (await seenInBatches(readStore, tenantId, jobId, pageSize)) ?? {
    nodesDiscovered: await nodes.count({ last_seen_job: jobId }),
    nodesUpdated: await nodes.count({ updated_in_job: jobId }),
  };
  return {
    ...seen,
    nodesRemoved: await nodes.count({ removed_in_job: jobId }),
    edgesCreated: await edges.count({ first_seen_job: jobId }),
  };
}

async function seenInBatches(
  readStore: ReadStore,
  tenantId: string,
  jobId: string,
  pageSize: number,
): Promise<Pick<InventoryFigures, 'nodesDiscovered' | 'nodesUpdated'> | undefined> {
  const ingested = readStore.collection(ingestedBatchesCollection).forTenant(tenantId);
  // Run keys are `${jobId}:${plugin}:${attempt}` (`pluginRunKey`): the job's are those from
  // `${jobId}:` up to `${jobId};`, ';' being the character after ':'.
  const where = { run: { $gte: `${jobId}:`, $lt: `${jobId};` } };
  let nodesDiscovered = 0;
  let nodesUpdated = 0;
  for await (const { doc } of findAll(ingested, { where, limit: pageSize })) {
    if (doc.nodes_seen === undefined || doc.nodes_updated === undefined) return undefined;
    nodesDiscovered += doc.nodes_seen;
    nodesUpdated += doc.nodes_updated;
  }
  return { nodesDiscovered, nodesUpdated };
}
