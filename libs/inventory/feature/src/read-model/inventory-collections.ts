import type { EdgeRecord, InventoryNode } from '@strata/inventory-domain';
import { defineCollection } from '@strata/platform-read-store';

/*
 * Every declared index costs each write of its collection one more index entry (on SQLite a
 * generated column that re-parses the document), and ingest writes every node and edge of every
 * job. So only what a query of this service needs today is indexed; the Nodes API adds its
 * filters (type, provider, account, region, name) when it lands: the read store adds an index
 * declared later on first use.
 */

/**
 * The resource graph's nodes, per (tenant, node id).
 * - `last_seen_job`, `updated_in_job`, `removed_in_job`: job statistics are counts over them.
 * - `(scope, status, last_seen_job)`: reconcile reads "active nodes of the scope this job did
 *   not see" as two index ranges (`last_seen_job` below and above the job id).
 */
export const nodesCollection = defineCollection<InventoryNode>({
  name: 'nodes',
  indexes: { last_seen_job: 'string', updated_in_job: 'string', removed_in_job: 'string', scope: 'string', status: 'string' },
  compoundIndexes: [['scope', 'status', 'last_seen_job']],
});

/**
 * The graph's edges, per (tenant, `edgeId(edge)`). `first_seen_job` counts `edges_created`;
 * `from` and `to` find the edges of removed nodes (and later a node's neighbours).
 */
export const edgesCollection = defineCollection<EdgeRecord>({
  name: 'edges',
  indexes: { first_seen_job: 'string', from: 'string', to: 'string' },
});

/** A resource batch inventory has fully applied, per (tenant, `batchMsgId(batch)`). */
export interface IngestedBatch {
  /** `${jobId}:${plugin}:${attempt}`: what reconcile counts to know a run is fully ingested. */
  run: string;
  job_id: string;
  plugin: string;
  attempt: number;
  sequence: number;
  scope: string;
  nodes: number;
  edges: number;
  ingested_at: string;
}

export const ingestedBatchesCollection = defineCollection<IngestedBatch>({
  name: 'ingested_batches',
  indexes: { run: 'string' },
});

export const pluginRunKey = (jobId: string, plugin: string, attempt: number): string => `${jobId}:${plugin}:${attempt}`;

/**
 * The outcome of a job's reconcile, per (tenant, job id). A redelivered `DiscoveryFinished`
 * reports these figures again rather than recounting, so the report never changes once made,
 * even after later jobs moved the nodes' `*_job` fields on.
 */
export interface Reconciliation {
  job_id: string;
  scopes: string[];
  nodes_discovered: number;
  nodes_updated: number;
  nodes_removed: number;
  edges_created: number;
  reconciled_at: string;
}

export const reconciliationsCollection = defineCollection<Reconciliation>({
  name: 'reconciliations',
  indexes: {},
});
