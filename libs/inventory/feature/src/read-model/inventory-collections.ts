import type { JobError } from '@strata/contracts';
import type { EdgeRecord, InventoryNode, JobChangeRecord, NodeHistory, ScopeChangeSummary } from '@strata/inventory-domain';
import { defineCollection } from '@strata/platform-read-store';

/*
 * Every declared index costs each write of its collection one more index entry (on SQLite a
 * generated column that re-parses the document), and ingest writes every node and edge of every
 * job: each node index costs about 7% of node write throughput (measured with 200k demo nodes).
 * So only what a query needs is indexed; the README lists which query uses which index.
 */

/**
 * A node as stored: its record plus the keys the Graph API filters on. Each key is
 * `<status>|<value>`, so one index serves "active nodes of type x" (the API always filters on
 * a status) as a single range read in id order, where a plain `type` index would also walk the
 * removed nodes of that type, which pile up for short-lived resources such as pods. The read
 * store's compound indexes would need a second, single-field index per field (it indexes every
 * declared field on its own too); a key field costs one. Written only through {@link nodeDocument}.
 */
export interface StoredNode extends InventoryNode {
  /** `<status>|<type>`; a provider is the range `<status>|<provider>.` (types are `<provider>.<service>.<kind>`). */
  status_type: string;
  /** `<status>|<account>`, null without an account. */
  status_account: string | null;
  /** `<status>|<region>`, null for global resources. */
  status_region: string | null;
  /** `<status>|<name>`: name prefixes are ranges of it. */
  status_name: string;
}

/** The value of a `status_*` key. */
export const statusKey = (status: InventoryNode['status'], value: string): string => `${status}|${value}`;

/** The stored form of a node record: its keys recomputed from its current status and fields. */
export function nodeDocument(node: InventoryNode): StoredNode {
  const { status } = node;
  return {
    ...node,
    status_type: statusKey(status, node.type),
    status_account: node.account === undefined ? null : statusKey(status, node.account),
    status_region: node.region === undefined ? null : statusKey(status, node.region),
    status_name: statusKey(status, node.name),
  };
}

/**
 * The resource graph's nodes, per (tenant, node id).
 * - `last_seen_job`, `updated_in_job`, `removed_in_job`: job statistics are counts over them;
 *   `last_seen_job` also serves the API's `last_seen_job` filter.
 * - `(scope, status, last_seen_job)`: reconcile reads "active nodes of the scope this job did
 *   not see" as two index ranges (`last_seen_job` below and above the job id). `status` counts
 *   a tenant's active nodes (node limit, summary).
 * - `status_type`, `status_account`, `status_region`, `status_name`: the Graph API's filters and
 *   the summary's counts (see {@link StoredNode}).
 */
export const nodesCollection = defineCollection<StoredNode>({
  name: 'nodes',
  indexes: {
    first_seen_job: 'string',
    last_seen_job: 'string',
    updated_in_job: 'string',
    removed_in_job: 'string',
    scope: 'string',
    status: 'string',
    status_type: 'string',
    status_account: 'string',
    status_region: 'string',
    status_name: 'string',
  },
  compoundIndexes: [['scope', 'status', 'last_seen_job']],
  // `scope` is only read through the compound index. `updated_in_job` and `removed_in_job` are
  // null for most nodes (all of a first discovery) and only ever looked up by a job id: their
  // indexes hold the nodes that have a value only, so most node writes add no entry to them.
  // `first_seen_job` lists the nodes a job added (`GET .../jobs/{id}/changes`): unordered, so a
  // write appends to its job's range (a job's nodes are written in order) instead of inserting at
  // a random place, and it never moves once written.
  ownIndexes: { scope: 'none', first_seen_job: 'unordered', updated_in_job: 'sparse', removed_in_job: 'sparse' },
});

/**
 * An edge as stored: its record plus `live_in`, `<scope>|<last_seen_job>` while it is active and
 * null once removed, so reconcile reads the active edges of a scope that another job saw last
 * (the candidates for "no longer reported") as two ranges of one index. Written only through
 * {@link edgeDocument}.
 */
export interface StoredEdge extends EdgeRecord {
  live_in?: string | null;
}

/** The stored form of an edge record. */
export function edgeDocument(edge: EdgeRecord): StoredEdge {
  return { ...edge, live_in: edge.status === 'active' ? liveIn(edge.scope, edge.last_seen_job) : null };
}

/** The `live_in` key of an active edge of `scope` last seen by `jobId`. */
export const liveIn = (scope: string, jobId: string): string => `${scope}|${jobId}`;

/**
 * The graph's edges, per (tenant, `edgeId(edge)`). `live_in` (see {@link StoredEdge}) is unordered:
 * a job's sightings append to its range. `first_seen_job` counts `edges_created`, and
 * is only counted: its index leaves out the edge id, which is long (`from|type|to`) and would
 * make it the costliest to write. `to` finds the edges entering a node; the edges leaving one are
 * a range of the primary key, since ids start with `from` (see `edgesFromWhere`), so `from` has
 * no index. Edge types are not indexed: edges outnumber nodes several times, and "all edges of a
 * type" is no hot query.
 */
export const edgesCollection = defineCollection<StoredEdge>({
  name: 'edges',
  indexes: { first_seen_job: 'string', to: 'string', live_in: 'string' },
  ownIndexes: { first_seen_job: 'unordered', live_in: 'unordered' },
  // Indexed until edges leaving a node were read as a range of ids.
  retiredIndexes: ['from'],
});

/**
 * Each node's recent changes, per (tenant, node id). Written only when a node changes (updated,
 * removed, restored): a node that never changed has none, its creation is its `first_seen`.
 */
export const nodeHistoryCollection = defineCollection<NodeHistory>({ name: 'node_history', indexes: {} });

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
  /**
   * Nodes the job saw for the first time in this batch, and the updated ones among them
   * (`BatchPlan.counts`): a job's `nodes_discovered` and `nodes_updated` are their sums. Absent
   * on records written before they were kept.
   */
  nodes_seen?: number;
  nodes_updated?: number;
  /**
   * The nodes whose state the batch changed (`BatchPlan.changed`): the audit re-evaluates what
   * depends on them. Absent on records written before it was kept (the audit then evaluates the
   * whole scope).
   */
  changed?: string[];
  /**
   * Nodes and edges the batch created, per type (`BatchPlan.created`): summed over a job's
   * batches, the `added` of its change summary. Absent on records written before they were kept.
   */
  created_nodes?: Record<string, number>;
  created_edges?: Record<string, number>;
  ingested_at: string;
}

export const ingestedBatchesCollection = defineCollection<IngestedBatch>({
  name: 'ingested_batches',
  indexes: { run: 'string' },
});


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
  /** Other jobs that saw nodes of its scopes while it ran; absent when none did. */
  concurrent_jobs?: string[];
}

export const reconciliationsCollection = defineCollection<Reconciliation>({
  name: 'reconciliations',
  indexes: {},
});

/**
 * A job inventory refused (e.g. `node_limit_exceeded`), per (tenant, job id). Its later batches
 * are acknowledged without being applied and it is never reconciled: it fails.
 */
export interface JobRejection {
  job_id: string;
  error: JobError;
  rejected_at: string;
  /** The `InventoryRejected` report went out; until then every batch of the job retries it. */
  reported: boolean;
}

export const jobRejectionsCollection = defineCollection<JobRejection>({ name: 'job_rejections', indexes: {} });

/**
 * A job that failed or was cancelled, per (tenant, job id): batches of it stored after inventory
 * heard of its end make inventory count what it kept again.
 */
export interface EndedJob {
  job_id: string;
  outcome: 'cancelled' | 'failed';
  ended_at: string;
}

export const endedJobsCollection = defineCollection<EndedJob>({ name: 'ended_jobs', indexes: {} });

/**
 * A value some node of the tenant has had, per (tenant, `<dimension>:<value>`): what the graph
 * summary counts. Written once per value (ingest remembers which it wrote), never deleted;
 * values no active node has any more count zero and are left out of the summary.
 */
export interface GraphDimensionValue {
  dimension: 'type' | 'account' | 'region';
  value: string;
  /** For types: the provider of the nodes first seen with it. */
  provider?: string;
}

export const graphDimensionsCollection = defineCollection<GraphDimensionValue>({ name: 'graph_dimensions', indexes: {} });

/** Active nodes of a tenant counted by provider, type, account and region. */
export interface GraphSummary {
  total_nodes: number;
  by_provider: Record<string, number>;
  by_type: Record<string, number>;
  by_account: Record<string, number>;
  by_region: Record<string, number>;
  computed_at: string;
}

/** One document per tenant, under {@link GRAPH_SUMMARY_ID}, refreshed by each reconcile. */
export const graphSummariesCollection = defineCollection<GraphSummary>({ name: 'graph_summaries', indexes: {} });

export const GRAPH_SUMMARY_ID = 'graph';

/**
 * The newest absence observed over a scope, per (tenant, scope): the start of the final run of
 * the last job that reconciled it. A batch observed before it but ingested after (it was held up)
 * stores the nodes it brings first as removed, as the reconcile would have had they been there.
 */
export interface ScopeAbsenceRecord {
  scope: string;
  absent_since: string;
  job_id: string;
}

export const scopeAbsencesCollection = defineCollection<ScopeAbsenceRecord>({ name: 'scope_absences', indexes: {} });

/**
 * A job's change records (`JobChangeRecord`: nodes changed with their diff, nodes and edges
 * restored or removed), per (tenant, `jobChangeId(record)`): a job's are one range of ids, so
 * the collection has no index. Written with what makes the change (the batch's write, the
 * reconcile's removals); nodes and edges a job creates have none (see `JobChangeRecord`).
 */
export const jobChangesCollection = defineCollection<JobChangeRecord>({ name: 'job_changes', indexes: {} });

/**
 * A reconciled job's changes counted per scope, kind and type, per (tenant, job id): computed
 * once by its reconcile, then served and published (`inventory.ScopeChanged`) unchanged.
 */
export interface JobChangeSummaryRecord {
  job_id: string;
  scopes: ScopeChangeSummary[];
  computed_at: string;
}

export const jobChangeSummariesCollection = defineCollection<JobChangeSummaryRecord>({ name: 'job_change_summaries', indexes: {} });
