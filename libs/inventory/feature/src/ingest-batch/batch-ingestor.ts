import { batchMsgId, edgeId, type ResourceBatch } from '@strata/contracts';
import { planBatch } from '@strata/inventory-domain';
import type { ReadStore, TenantCollection } from '@strata/platform-read-store';
import {
  edgesCollection,
  ingestedBatchesCollection,
  nodesCollection,
  pluginRunKey,
  reconciliationsCollection,
} from '../read-model/inventory-collections';

export interface BatchIngestorOptions {
  readStore: ReadStore;
  clock?: () => Date;
}

/**
 * - `ingested`: applied now (possibly writing nothing, when a redone attempt re-sent known nodes).
 * - `already_ingested`: this very batch was applied before (a redelivery).
 * - `stale`: its job is already reconciled, so it is a late batch of a superseded attempt.
 */
export type IngestOutcome = 'ingested' | 'already_ingested' | 'stale';

export interface IngestResult {
  outcome: IngestOutcome;
  nodesWritten: number;
  edgesWritten: number;
}

/**
 * Applies resource batches to the graph: nodes and edges are upserted from what their stored
 * records and the batch say (`planBatch`), then the batch is recorded as ingested. Nothing is a
 * counter, so a batch applied twice, concurrently or after a crash half-way changes nothing more.
 */
export class BatchIngestor {
  private readonly clock: () => Date;

  constructor(private readonly options: BatchIngestorOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async ingest(batch: ResourceBatch): Promise<IngestResult> {
    const { readStore } = this.options;
    const tenant = batch.tenantId;
    const ingested = readStore.collection(ingestedBatchesCollection).forTenant(tenant);
    const batchId = batchMsgId(batch);
    if (await ingested.get(batchId)) return { outcome: 'already_ingested', nodesWritten: 0, edgesWritten: 0 };
    if (await readStore.collection(reconciliationsCollection).forTenant(tenant).get(batch.jobId)) {
      return { outcome: 'stale', nodesWritten: 0, edgesWritten: 0 };
    }

    const nodes = readStore.collection(nodesCollection).forTenant(tenant);
    const edges = readStore.collection(edgesCollection).forTenant(tenant);
    const [storedNodes, storedEdges] = await Promise.all([
      nodes.getMany(batch.nodes.map((node) => node.id)),
      edges.getMany(batch.edges.map(edgeId)),
    ]);
    const now = this.clock().toISOString();
    const plan = planBatch(batch, { nodes: storedNodes, edges: storedEdges }, now);
    await writeAll(nodes, plan.nodes.map((doc) => ({ id: doc.id, doc })));
    await writeAll(edges, plan.edges.map((doc) => ({ id: edgeId(doc), doc })));
    // Last: a batch counts as ingested only once everything it carries is stored.
    await ingested.upsert(batchId, {
      run: pluginRunKey(batch.jobId, batch.plugin, batch.attempt),
      job_id: batch.jobId,
      plugin: batch.plugin,
      attempt: batch.attempt,
      sequence: batch.sequence,
      scope: batch.scope,
      nodes: batch.nodes.length,
      edges: batch.edges.length,
      ingested_at: now,
    });
    return { outcome: 'ingested', nodesWritten: plan.nodes.length, edgesWritten: plan.edges.length };
  }
}

async function writeAll<T extends object>(collection: TenantCollection<T>, entries: { id: string; doc: T }[]): Promise<void> {
  if (entries.length > 0) await collection.bulkUpsert(entries);
}
