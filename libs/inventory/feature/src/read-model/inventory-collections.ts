import type { JobError } from '@strata/contracts';
import { seenFieldsOf, type EdgeRecord, type InventoryNode, type JobChangeRecord, type NodeHistory, type ScopeChangeSummary, type SeenFields } from '@strata/inventory-domain';
import { defineCollection } from '@strata/platform-read-store';

/*
 * Every declared index costs each write of its collection one more index entry (on SQLite a
 * generated column that re-parses the document), and ingest writes every node and edge of every
 * job: each node index costs about 7% of node write throughput (measured with 200k demo nodes).
 * So only what a query needs is indexed; the README lists which query uses which index.
 */

/** The Graph API's filter keys of a node (see {@link StoredNode}). */
export interface NodeKeys {
  /** `<status>|<type>`; a provider is the range `<status>|<provider>.` (types are `<provider>.<service>.<kind>`). */
  status_type: string;
  /** `<status>|<account>`, null without an account. */
  status_account: string | null;
  /** `<status>|<region>`, null for global resources. */
  status_region: string | null;
  /** `<status>|<name>`: name prefixes are ranges of it. */
  status_name: string;
}

/**
 * A node as stored: its record plus the keys the Graph API filters on. Each key is
 * `<status>|<value>`, so one index serves "active nodes of type x" (the API always filters on
 * a status) as a single range read in id order, where a plain `type` index would also walk the
 * removed nodes of that type, which pile up for short-lived resources such as pods. The read
 * store's compound indexes would need a second, single-field index per field (it indexes every
 * declared field on its own too); a key field costs one.
 *
 * Its {@link SeenFields} are as of the last time the document was written: a sighting that
 * changes nothing else writes only `node_sightings` (see {@link withSighting}, through which
 * every reader reads the node). Written only through {@link nodeDocument}.
 */
export interface StoredNode extends InventoryNode, NodeKeys {}

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
 * The graph's nodes, per (tenant, node id); their latest sightings are in `node_sightings`.
 * - `updated_in_job`, `removed_in_job`: job statistics are counts over them.
 * - `status` counts a tenant's active nodes (node limit, summary).
 * - `status_type`, `status_account`, `status_region`, `status_name`: the Graph API's filters and
 *   the summary's counts (see {@link StoredNode}).
 * - `(scope, status, last_seen_job)`: the prefix `(scope, status)` lists a scope's active nodes
 *   (reports). `last_seen_job` is left out of the documents now, so it is null in entries written
 *   since; the index keeps its name so that files written before need no rebuild.
 */
export const nodesCollection = defineCollection<StoredNode>({
  name: 'nodes',
  indexes: {
    first_seen_job: 'string',
    updated_in_job: 'string',
    removed_in_job: 'string',
    scope: 'string',
    status: 'string',
    status_type: 'string',
    status_account: 'string',
    status_region: 'string',
    status_name: 'string',
    last_seen_job: 'string',
  },
  compoundIndexes: [['scope', 'status', 'last_seen_job']],
  // `scope` is only read through the compound index. `updated_in_job` and `removed_in_job` are
  // null for most nodes (all of a first discovery) and only ever looked up by a job id: their
  // indexes hold the nodes that have a value only, so most node writes add no entry to them.
  // `first_seen_job` lists the nodes a job added (`GET .../jobs/{id}/changes`): unordered, so a
  // write appends to its job's range (a job's nodes are written in order) instead of inserting at
  // a random place, and it never moves once written.
  ownIndexes: { scope: 'none', last_seen_job: 'none', first_seen_job: 'unordered', updated_in_job: 'sparse', removed_in_job: 'sparse' },
  // "Nodes a job saw" is `node_sightings`' `seen_in` since sightings were kept apart.
  retiredIndexes: ['last_seen_job'],
});

/**
 * A node's or an edge's sighting, per (tenant, node id or edge id): its {@link SeenFields} and
 * `seen_in`, `<scope>|<last_seen_job>` while the record is active and null once removed. So
 * reconcile reads the active records of a scope that another job saw last (the candidates for
 * "no longer seen") as two ranges of one index, and the nodes a job saw in a scope are one value
 * of it. Unordered: a job's sightings append to its range.
 */
export interface StoredSighting extends SeenFields {
  seen_in: string | null;
  /**
   * What the record's document says besides its content, copied with every write of the two
   * (and by the migration), so that ingest can plan a sighting of an active record from the
   * sighting alone when its content is unchanged (`readNodesOfBatch`). A sighting without them
   * has its document read.
   */
  scope?: string;
  first_seen?: string;
  first_seen_job?: string;
  /** Nodes only. */
  content_hash?: string;
  last_changed_job?: string;
  updated_in_job?: string | null;
}

/** The `seen_in` key of an active record of `scope` last seen by `jobId`. */
export const seenIn = (scope: string, jobId: string): string => `${scope}|${jobId}`;

/** The `seen_in` range of a scope's active records: `[$gte, $lt)`. */
export const seenInScope = (scope: string): { $gte: string; $lt: string } => ({ $gte: seenIn(scope, ''), $lt: `${scope}}` });

/** The sighting a record's current state stores. */
export function sightingDocument(record: (InventoryNode | EdgeRecord) & SeenFields): StoredSighting {
  const node = 'content_hash' in record ? record : undefined;
  return {
    ...seenFieldsOf(record),
    seen_in: record.status === 'active' ? seenIn(record.scope, record.last_seen_job) : null,
    scope: record.scope,
    first_seen: record.first_seen,
    first_seen_job: record.first_seen_job,
    ...(node ? { content_hash: node.content_hash, last_changed_job: node.last_changed_job, updated_in_job: node.updated_in_job ?? null } : {}),
  };
}

/**
 * The record as its document and its sighting say together: the newer sighting of the two. The
 * sighting is written with every sighting and the document only when something else changed, so
 * the sighting is the newer one, or the same; the document's is newer only where the sighting's
 * write did not follow it (a crash between the two on MongoDB, which writes them one after the
 * other) or was never made (a document written before sightings were kept apart, not yet migrated).
 */
export function withSighting<TDoc extends SeenFields>(doc: TDoc, sighting: StoredSighting | undefined): TDoc {
  if (sighting === undefined || Date.parse(sighting.last_seen) < Date.parse(doc.last_seen)) return doc;
  const { last_seen_run: _run, last_seen_batch: _batch, ...rest } = doc;
  return { ...rest, ...seenFieldsOf(sighting) } as TDoc;
}

const sightingIndexes = { indexes: { seen_in: 'string' }, ownIndexes: { seen_in: 'unordered' } } as const;

export const nodeSightingsCollection = defineCollection<StoredSighting>({ name: 'node_sightings', ...sightingIndexes });
export const edgeSightingsCollection = defineCollection<StoredSighting>({ name: 'edge_sightings', ...sightingIndexes });

/**
 * An edge as stored: its record, with {@link SeenFields} as of its document's last write (see
 * {@link StoredNode}); `live_in` in documents written before sightings were kept apart, no longer read.
 */
export interface StoredEdge extends EdgeRecord {
  live_in?: string | null;
}

/** The stored form of an edge record. */
export function edgeDocument(edge: EdgeRecord): StoredEdge {
  const { live_in: _retired, ...record } = edge as StoredEdge;
  return record;
}

/**
 * The graph's edges, per (tenant, `edgeId(edge)`); their latest sightings are in `edge_sightings`.
 * `first_seen_job` counts `edges_created`, and is only counted: unordered, its index leaves out
 * the edge id, which is long (`from|type|to`) and would make it the costliest to write. `to` finds
 * the edges entering a node; the edges leaving one are a range of the primary key, since ids
 * start with `from` (see `edgesFromWhere`), so `from` has no index. Edge types are not indexed:
 * edges outnumber nodes several times, and "all edges of a type" is no hot query.
 */
export const edgesCollection = defineCollection<StoredEdge>({
  name: 'edges',
  indexes: { first_seen_job: 'string', to: 'string' },
  ownIndexes: { first_seen_job: 'unordered' },
  // `from`: indexed until edges leaving a node were read as a range of ids. `live_in`: reconcile's
  // "edges of a scope another job saw last" until sightings were kept apart (now `seen_in`).
  retiredIndexes: ['from', 'live_in'],
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
