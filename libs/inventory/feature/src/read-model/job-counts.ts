import type { InventoryFigures } from '@strata/contracts';
import { findAll, type ReadStore } from '@strata/platform-read-store';
import { edgesCollection, ingestedBatchesCollection, nodesCollection, nodeSightingsCollection, seenIn, type Reconciliation } from './inventory-collections';


export const reconciledStats = (done: Reconciliation): InventoryFigures => ({
  nodesDiscovered: done.nodes_discovered,
  nodesUpdated: done.nodes_updated,
  nodesRemoved: done.nodes_removed,
  edgesCreated: done.edges_created,
});

/** A plugin run attempt whose batches count towards its job's figures. */
export interface CountedRun {
  plugin: string;
  attempt: number;
}

/**
 * What inventory holds of a job now: the nodes it saw and updated, summed over the records of
 * the batches of its final attempts (`runs`, the attempts that completed; without them, each
 * plugin's latest attempt that stored anything, as for a job cancelled or failed part-way). An
 * attempt counts each node once, whatever other jobs did to it meanwhile, so the sum is the
 * distinct nodes of the job's complete view, as its "Discovery complete" lines count them. Then
 * the nodes it removed and the edges it created. Batch records written before they carried their
 * counts (an upgrade mid-job) make it count over the nodes as they are now instead (the active
 * ones whose sighting names the job, in the scopes of its batches), which leaves out what a job
 * running beside this one saw after it.
 */
export async function countJobInventory(
  readStore: ReadStore,
  tenantId: string,
  jobId: string,
  pageSize: number,
  runs?: readonly CountedRun[],
): Promise<InventoryFigures> {
  const nodes = readStore.collection(nodesCollection).forTenant(tenantId);
  const edges = readStore.collection(edgesCollection).forTenant(tenantId);
  const batches = await seenInBatches(readStore, tenantId, jobId, pageSize, runs);
  const seen = batches.figures ?? {
    nodesDiscovered: await countSeenBy(readStore, tenantId, jobId, batches.scopes),
    nodesUpdated: await nodes.count({ updated_in_job: jobId }),
  };
  return {
    ...seen,
    nodesRemoved: await nodes.count({ removed_in_job: jobId }),
    edgesCreated: await edges.count({ first_seen_job: jobId }),
  };
}

type SeenFigures = Pick<InventoryFigures, 'nodesDiscovered' | 'nodesUpdated'>;

/** The active nodes `jobId` saw last in `scopes` (their sightings' `seen_in`). */
async function countSeenBy(readStore: ReadStore, tenantId: string, jobId: string, scopes: readonly string[]): Promise<number> {
  const sightings = readStore.collection(nodeSightingsCollection).forTenant(tenantId);
  let total = 0;
  for (const scope of scopes) total += await sightings.count({ seen_in: seenIn(scope, jobId) });
  return total;
}

/** The job's figures summed over its batch records, or none when a record predates them; and the scopes of its batches. */
async function seenInBatches(
  readStore: ReadStore,
  tenantId: string,
  jobId: string,
  pageSize: number,
  runs?: readonly CountedRun[],
): Promise<{ figures: SeenFigures | undefined; scopes: string[] }> {
  const ingested = readStore.collection(ingestedBatchesCollection).forTenant(tenantId);
  // Run keys are `${jobId}:${plugin}:${attempt}` (`pluginRunKey`): the job's are those from
  // `${jobId}:` up to `${jobId};`, ';' being the character after ':'.
  const where = { run: { $gte: `${jobId}:`, $lt: `${jobId};` } };
  const wanted = runs && new Map(runs.map((run) => [run.plugin, run.attempt]));
  // Per plugin: the attempt counted so far and its sums.
  const perPlugin = new Map<string, SeenFigures & { attempt: number }>();
  const scopes = new Set<string>();
  let legacy = false;
  for await (const { doc } of findAll(ingested, { where, limit: pageSize })) {
    scopes.add(doc.scope);
    if (doc.nodes_seen === undefined || doc.nodes_updated === undefined) legacy = true;
    if (legacy || doc.nodes_seen === undefined || doc.nodes_updated === undefined) continue;
    const counted = perPlugin.get(doc.plugin);
    if (wanted ? wanted.get(doc.plugin) !== doc.attempt : counted !== undefined && counted.attempt > doc.attempt) continue;
    const sums = counted?.attempt === doc.attempt ? counted : { attempt: doc.attempt, nodesDiscovered: 0, nodesUpdated: 0 };
    sums.nodesDiscovered += doc.nodes_seen;
    sums.nodesUpdated += doc.nodes_updated;
    perPlugin.set(doc.plugin, sums);
  }
  if (legacy) return { figures: undefined, scopes: [...scopes] };
  let nodesDiscovered = 0;
  let nodesUpdated = 0;
  for (const sums of perPlugin.values()) {
    nodesDiscovered += sums.nodesDiscovered;
    nodesUpdated += sums.nodesUpdated;
  }
  return { figures: { nodesDiscovered, nodesUpdated }, scopes: [...scopes] };
}
