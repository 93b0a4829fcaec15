import { edgeId, pluginRunKey, type InventoryFigures, type PluginRunOutput } from '@strata/contracts';
import { appendHistory, changedNode, jobChangeId, removeEdge, removeNode, unseenSince, type Absence, type EdgeRecord, type JobChangeRecord } from '@strata/inventory-domain';
import { type DocumentEntry, type ReadStore, type Where } from '@strata/platform-read-store';
import { ChangeThrottle, KeyedLock } from '@strata/shared-domain';
import { ActiveNodeCounts } from '../enforce-node-limit/active-node-counts';
import { JobRejections } from '../enforce-node-limit/job-rejections';
import {
  edgeDocument,
  edgesCollection,
  edgeSightingsCollection,
  ingestedBatchesCollection,
  jobChangesCollection,
  nodeDocument,
  nodeHistoryCollection,
  nodesCollection,
  nodeSightingsCollection,
  reconciliationsCollection,
  scopeAbsencesCollection,
  seenIn,
  seenInScope,
  sightingDocument,
  type JobRejection,
  type StoredEdge,
  type StoredNode,
  type StoredSighting,
} from '../read-model/inventory-collections';
import { readEdges, readNodes, withEdgeSightings, type SightedRecords } from '../read-model/sightings';
import { storeJobChangeSummary } from '../job-changes/job-change-summarizer';
import { nodeLockKeys } from '../ingest-batch/batch-ingestor';
import { edgesAt } from '../read-model/edges-at';
import { countJobInventory, reconciledStats } from '../read-model/job-counts';
import { GraphSummarizer } from '../summarize-graph/graph-summarizer';
import { BatchesNotIngestedError, type PendingRun } from './reconcile-errors';

export interface ScopeReconcilerOptions {
  readStore: ReadStore;
  clock?: () => Date;
  /**
   * How long one reconcile waits for the job's last batches before giving up with
   * {@link BatchesNotIngestedError} (the consumer then redelivers with backoff). Default 5 s.
   */
  batchWaitMs?: number;
  /** Time between checks while waiting (a local ingest wakes it earlier). Default 200 ms. */
  batchPollIntervalMs?: number;
  /** Least time between two progress reports while waiting for batches. Default 1 s. */
  progressIntervalMs?: number;
  /** Documents read and written per round trip. Default 1000. */
  pageSize?: number;
  /** Shared with the ingestor: forgotten for a tenant once nodes were removed. */
  activeNodeCounts?: ActiveNodeCounts;
  /** Shared with the ingestor: refreshed by every reconcile. */
  summarizer?: GraphSummarizer;
  /** Shared with the ingestor (`BatchIngestorOptions.nodeLocks`). */
  nodeLocks?: KeyedLock;
}

/** What discovery finished: the job and each plugin run's final attempt. */
export interface FinishedDiscovery {
  tenantId: string;
  jobId: string;
  runs: readonly PluginRunOutput[];
  /**
   * When the job started (ISO 8601): the absence's time for runs that do not say when they
   * started (reported by older workers). Without either, every node of the scope this job did
   * not see is removed.
   */
  startedAt?: string;
}

/** How far inventory is through a finished discovery's batches, named as in `JobReport` `InventoryProgressed`. */
export interface IngestProgress {
  batchesIngested: number;
  batchesTotal: number;
}

/** Told of the progress while a reconcile waits for batches; its failure fails the reconcile. */
export type IngestProgressListener = (progress: IngestProgress) => Promise<void>;

/**
 * `reconciled`: the scopes are closed and these are the job's figures. `rejected`: inventory
 * refused the job (e.g. over the node limit), so nothing was removed: its scope is incomplete.
 */
export type ReconcileOutcome =
  | {
      kind: 'reconciled';
      stats: InventoryFigures;
      /**
       * Other jobs that saw nodes of the job's scopes after it started (at most
       * {@link MAX_CONCURRENT_JOBS_NAMED}): what they saw and it did not was kept.
       */
      concurrentJobs: string[];
    }
  | { kind: 'rejected'; rejection: JobRejection };

/** How many jobs that ran over the same scopes at the same time a reconcile names. */
export const MAX_CONCURRENT_JOBS_NAMED = 5;

const DEFAULT_BATCH_WAIT_MS = 5_000;
const DEFAULT_POLL_INTERVAL_MS = 200;
const DEFAULT_PROGRESS_INTERVAL_MS = 1_000;
const DEFAULT_PAGE_SIZE = 1_000;

/**
 * Closes a job's discovery: once every run's batches are ingested, marks removed the active nodes
 * of each run's scope whose latest sighting is older than the start of the run's final attempt
 * (the latest observation wins: the job's complete view says they were gone as of then), and the
 * edges touching them; then counts the job's statistics: the nodes its final attempts saw and
 * updated from their batch records, the rest over the `*_job` fields. Every step can be repeated after a crash or
 * redelivery and converges; the first complete outcome is stored and reported unchanged from
 * then on.
 *
 * Rules: `nodesDiscovered` = distinct nodes the job's complete view holds; `nodesUpdated` = those among them that
 * existed with other content when the job saw them (restored nodes included when their content
 * differs, see `countsAsUpdate`); `nodesRemoved` = nodes this job marked removed;
 * `edgesCreated` = edges that did not exist before the job (a restored edge is not created). Jobs
 * over the same scope at the same time each count what they saw.
 */
export class ScopeReconciler {
  private readonly clock: () => Date;
  private readonly wakers = new Set<() => void>();
  private readonly rejections: JobRejections;
  private readonly activeNodeCounts: ActiveNodeCounts;
  private readonly summarizer: GraphSummarizer;
  private readonly nodeLocks: KeyedLock;

  constructor(private readonly options: ScopeReconcilerOptions) {
    const { readStore } = options;
    this.clock = options.clock ?? (() => new Date());
    this.rejections = new JobRejections(readStore);
    this.activeNodeCounts = options.activeNodeCounts ?? new ActiveNodeCounts({ readStore });
    this.summarizer = options.summarizer ?? new GraphSummarizer({ readStore, clock: this.clock });
    this.nodeLocks = options.nodeLocks ?? new KeyedLock();
  }

  /** Tells a reconcile that is waiting for batches to look again now. */
  batchIngested(): void {
    for (const wake of this.wakers) wake();
  }

  /**
   * Reconciles `finished` (see the class). While its batches are still being ingested,
   * `onProgress` hears how many are, at most once per `progressIntervalMs` and only when the
   * number moved.
   */
  async reconcile(finished: FinishedDiscovery, onProgress?: IngestProgressListener): Promise<ReconcileOutcome> {
    const { readStore } = this.options;
    const { tenantId, jobId, runs } = finished;
    const reconciliations = readStore.collection(reconciliationsCollection).forTenant(tenantId);
    const done = await reconciliations.get(jobId);
    if (done) return { kind: 'reconciled', stats: reconciledStats(done), concurrentJobs: done.concurrent_jobs ?? [] };

    const rejection = await this.untilIngested(finished, onProgress);
    if (rejection) return { kind: 'rejected', rejection };
    const now = this.clock().toISOString();
    const scopes = [...new Set(runs.map((run) => run.scope))];
    const concurrentJobs = new Set<string>();
    try {
      for (const scope of scopes) await this.removeUnseenNodes(tenantId, jobId, scopeView(finished, scope), now, concurrentJobs);
    } finally {
      this.activeNodeCounts.forget(tenantId);
    }
    await this.removeEdgesOfRemovedNodes(tenantId, jobId);
    for (const scope of scopes) await this.removeUnseenEdges(tenantId, jobId, scopeView(finished, scope), now);
    // Before the reconciliation is stored: a reconcile repeated after a crash refreshes it again.
    await this.summarizer.refresh(tenantId);
    await storeJobChangeSummary(readStore, tenantId, jobId, now, this.pageSize);

    const stats = await countJobInventory(readStore, tenantId, jobId, this.pageSize, runs);
    await reconciliations.upsert(jobId, {
      job_id: jobId,
      scopes,
      nodes_discovered: stats.nodesDiscovered,
      nodes_updated: stats.nodesUpdated,
      nodes_removed: stats.nodesRemoved,
      edges_created: stats.edgesCreated,
      reconciled_at: now,
      ...(concurrentJobs.size > 0 ? { concurrent_jobs: [...concurrentJobs] } : {}),
    });
    return { kind: 'reconciled', stats, concurrentJobs: [...concurrentJobs] };
  }

  /**
   * Waits until every batch of the job's runs is ingested, or returns the job's rejection: a
   * rejected job's remaining batches are never ingested, and it must not be reconciled.
   */
  private async untilIngested({ tenantId, jobId, runs }: FinishedDiscovery, onProgress?: IngestProgressListener): Promise<JobRejection | undefined> {
    const waitMs = this.options.batchWaitMs ?? DEFAULT_BATCH_WAIT_MS;
    const deadline = Date.now() + waitMs;
    const throttle = new ChangeThrottle(this.options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS, () => this.clock().getTime());
    for (;;) {
      const rejection = await this.rejections.get(tenantId, jobId);
      if (rejection) return rejection;
      const pending = await this.pendingRuns(tenantId, jobId, runs);
      if (pending.length === 0) return undefined;
      if (onProgress) {
        const batchesTotal = runs.reduce((sum, run) => sum + run.batches, 0);
        const batchesIngested = batchesTotal - pending.reduce((sum, run) => sum + (run.expected - run.ingested), 0);
        if (throttle.due(batchesIngested)) await onProgress({ batchesIngested, batchesTotal });
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new BatchesNotIngestedError(jobId, pending);
      await this.nextLook(Math.min(left, this.options.batchPollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS));
    }
  }

  private async pendingRuns(tenantId: string, jobId: string, runs: readonly PluginRunOutput[]): Promise<PendingRun[]> {
    const ingested = this.options.readStore.collection(ingestedBatchesCollection).forTenant(tenantId);
    const pending: PendingRun[] = [];
    for (const { plugin, attempt, batches } of runs) {
      const count = await ingested.count({ run: pluginRunKey(jobId, plugin, attempt) });
      if (count < batches) pending.push({ plugin, attempt, expected: batches, ingested: count });
    }
    return pending;
  }

  private nextLook(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  /**
   * Marks removed the active nodes of the scope whose latest sighting is older than the job's
   * view of it (`view.absence`): the latest observation wins. Read from the sightings' `seen_in`
   * (`<scope>|<last_seen_job>`, see `StoredSighting`) as the ranges of the other jobs' sightings
   * (below the job id, then above it), whose sightings since the view began name those jobs in
   * `concurrentJobs` (up to {@link MAX_CONCURRENT_JOBS_NAMED}); and, when a run was redone, the
   * job's own, which an earlier attempt may have been the last to see. Usually they are empty or
   * small: the nodes that just went. The scope's absence is stored first, so a batch ingested
   * meanwhile with older sightings of nodes new to the graph stores them removed (see `planBatch`).
   */
  private async removeUnseenNodes(tenantId: string, jobId: string, view: ScopeView, now: string, concurrentJobs: Set<string>): Promise<void> {
    const { readStore } = this.options;
    const nodes = readStore.collection(nodesCollection).forTenant(tenantId);
    const absence: Absence = { jobId, at: view.absence ?? now };
    if (view.absence !== undefined) await this.recordScopeAbsence(tenantId, view.scope, absence);
    const since = view.absence === undefined ? Infinity : Date.parse(view.absence);
    const unseen = (node: StoredNode) => node.status === 'active' && node.scope === view.scope && Date.parse(node.last_seen) < since;
    for await (const page of this.sightingPages(nodeSightingsCollection, tenantId, jobId, view)) {
      const candidates: string[] = [];
      for (const { id, doc } of page) {
        if (Date.parse(doc.last_seen) < since) candidates.push(id);
        else if (doc.last_seen_job !== jobId && concurrentJobs.size < MAX_CONCURRENT_JOBS_NAMED) concurrentJobs.add(doc.last_seen_job);
      }
      for (let start = 0; start < candidates.length; start += this.pageSize) {
        const chunk = candidates.slice(start, start + this.pageSize).map((id) => ({ id }));
        await this.nodeLocks.runAll(nodeLockKeys(tenantId, chunk), async () => {
          // Read again under the lock: a batch stored since this page was read may have seen them.
          const read = await readNodes(readStore, tenantId, chunk.map(({ id }) => id));
          const current = read.records;
          const gone = [...current].filter(([, doc]) => unseen(doc)).map(([id, doc]) => ({ id, doc }));
          await this.correctSightings(tenantId, nodeSightingsCollection, read);
          if (gone.length === 0) return;
          // History first, as at ingest: a repeat recognises the entries, not the removed nodes.
          await this.recordRemovals(tenantId, view.scope, gone, absence);
          const removed = gone.map(({ id, doc }) => ({ id, doc: removeNode(doc, absence) }));
          // The document before its sighting: should only the first be written, a repeat finds the
          // node removed and corrects the sighting (`correctSightings`), where the other way round
          // the node would stay active and out of every range read here.
          await nodes.bulkUpsert(removed.map(({ id, doc }) => ({ id, doc: nodeDocument(doc) })));
          await readStore.collection(nodeSightingsCollection).forTenant(tenantId).bulkUpsert(removed.map(({ id, doc }) => ({ id, doc: sightingDocument(doc) })));
        });
      }
    }
  }

  /**
   * The pages of sightings of the scope's active records that another job saw last (and, when a
   * run was redone, this job's own: see `removeUnseenNodes`). `seen_in` is unordered: SQLite sorts
   * a range's every match to serve a page, so pages are large.
   */
  private async *sightingPages(
    collection: typeof nodeSightingsCollection,
    tenantId: string,
    jobId: string,
    view: ScopeView,
  ): AsyncGenerator<DocumentEntry<StoredSighting>[]> {
    const sightings = this.options.readStore.collection(collection).forTenant(tenantId);
    const own = seenIn(view.scope, jobId);
    const { $gte, $lt } = seenInScope(view.scope);
    const ranges: Where<StoredSighting>['seen_in'][] = [
      { $gte, $lt: own },
      { $gt: own, $lt },
    ];
    if (view.redone && view.absence !== undefined) ranges.push(own);
    const readSize = Math.min(this.pageSize * 10, 10_000);
    for (const range of ranges) {
      let cursor: string | undefined;
      do {
        const page = await sightings.find({ where: { seen_in: range }, limit: readSize, ...(cursor ? { cursor } : {}) });
        if (page.items.length > 0) yield page.items;
        cursor = page.nextCursor;
      } while (cursor);
    }
  }

  /**
   * Rewrites the sightings of records whose document is newer than their sighting (see
   * `withSighting`: a write of the two cut short between them), so `seen_in` says what the record does.
   */
  private async correctSightings(tenantId: string, collection: typeof nodeSightingsCollection, read: SightedRecords<StoredNode | EdgeRecord>): Promise<void> {
    if (read.staleSightings.length === 0) return;
    const stale = read.staleSightings.map((id) => ({ id, doc: sightingDocument(read.records.get(id)!) }));
    await this.options.readStore.collection(collection).forTenant(tenantId).bulkUpsert(stale);
  }

  /** Keeps the newest absence of the scope (see `scopeAbsencesCollection`). */
  private async recordScopeAbsence(tenantId: string, scope: string, absence: Absence): Promise<void> {
    const absences = this.options.readStore.collection(scopeAbsencesCollection).forTenant(tenantId);
    const stored = await absences.get(scope);
    if (stored && Date.parse(stored.absent_since) >= Date.parse(absence.at)) return;
    await absences.upsert(scope, { scope, absent_since: absence.at, job_id: absence.jobId });
  }

  /** The removed nodes' history entries and the job's change records of them. */
  private async recordRemovals(tenantId: string, scope: string, removed: readonly DocumentEntry<StoredNode>[], absence: Absence): Promise<void> {
    const histories = this.options.readStore.collection(nodeHistoryCollection).forTenant(tenantId);
    const ids = removed.map(({ id }) => id);
    const stored = await histories.getMany(ids);
    const entry = { change: 'removed' as const, job_id: absence.jobId, at: absence.at };
    await histories.bulkUpsert(ids.map((id) => ({ id, doc: appendHistory(stored.get(id), entry) })));
    await this.recordChanges(
      tenantId,
      removed.map(({ doc }) => ({ job_id: absence.jobId, scope, change: 'removed', at: absence.at, node: changedNode(doc) })),
    );
  }

  private async recordChanges(tenantId: string, records: readonly JobChangeRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.options.readStore.collection(jobChangesCollection).forTenant(tenantId).bulkUpsert(records.map((doc) => ({ id: jobChangeId(doc), doc })));
  }

  /**
   * Marks removed the active edges of the scope that the job's complete view no longer holds
   * although both their ends remain: the same rule as nodes (latest observation wins), read from
   * the edges' sightings as nodes' are. A sighting stored meanwhile wins: each page is read again
   * under the locks of the edges' source nodes, which a batch carrying them holds.
   */
  private async removeUnseenEdges(tenantId: string, jobId: string, view: ScopeView, now: string): Promise<void> {
    const { readStore } = this.options;
    const absence: Absence = { jobId, at: view.absence ?? now };
    const since = view.absence === undefined ? Infinity : Date.parse(view.absence);
    for await (const page of this.sightingPages(edgeSightingsCollection, tenantId, jobId, view)) {
      const candidates = page.filter(({ doc }) => Date.parse(doc.last_seen) < since).map(({ id }) => id);
      for (let start = 0; start < candidates.length; start += this.pageSize) {
        const ids = candidates.slice(start, start + this.pageSize);
        const sources = [...new Set([...(await readEdges(readStore, tenantId, ids)).records.values()].map(({ from }) => from))].map((id) => ({ id }));
        await this.nodeLocks.runAll(nodeLockKeys(tenantId, sources), async () => {
          const read = await readEdges(readStore, tenantId, ids);
          const current = read.records;
          await this.correctSightings(tenantId, edgeSightingsCollection, read);
          const gone = [...current].filter(([, doc]) => doc.scope === view.scope && unseenSince(doc, since));
          await this.writeEdgeRemovals(tenantId, gone.map(([id, doc]) => ({ id, doc, absence })));
        });
      }
    }
  }

  /**
   * Change records first, as history goes before nodes: a repeat finds the edges still active and
   * writes both again; then documents before sightings, as for nodes.
   */
  private async writeEdgeRemovals(tenantId: string, removals: readonly { id: string; doc: EdgeRecord; absence: Absence }[]): Promise<void> {
    if (removals.length === 0) return;
    const { readStore } = this.options;
    await this.recordChanges(
      tenantId,
      removals.map(({ doc, absence }) => ({ job_id: absence.jobId, scope: doc.scope, change: 'removed', at: absence.at, edge: { from: doc.from, to: doc.to, type: doc.type } })),
    );
    const removed = removals.map(({ id, doc, absence }) => ({ id, doc: removeEdge(doc, absence) }));
    await readStore.collection(edgesCollection).forTenant(tenantId).bulkUpsert(removed.map(({ id, doc }) => ({ id, doc: edgeDocument(doc) })));
    await readStore.collection(edgeSightingsCollection).forTenant(tenantId).bulkUpsert(removed.map(({ id, doc }) => ({ id, doc: sightingDocument(doc) })));
  }

  /**
   * Driven by the nodes this job removed rather than by the ones removed just now, so a reconcile
   * that crashed between removing nodes and their edges finishes the edges when it is repeated.
   */
  private async removeEdgesOfRemovedNodes(tenantId: string, jobId: string): Promise<void> {
    const { readStore } = this.options;
    const nodes = readStore.collection(nodesCollection).forTenant(tenantId);
    let cursor: string | undefined;
    do {
      const page = await nodes.find({ where: { removed_in_job: jobId }, limit: this.pageSize, ...(cursor ? { cursor } : {}) });
      // An edge goes as of its node's absence, so a sighting newer than that restores both.
      const removals = new Map(page.items.map(({ id, doc }): [string, Absence] => [id, { jobId, at: doc.removed_at ?? doc.last_seen }]));
      if (removals.size > 0) {
        await this.removeEdgesWhere(tenantId, 'from', removals);
        await this.removeEdgesWhere(tenantId, 'to', removals);
      }
      cursor = page.nextCursor;
    } while (cursor);
  }

  private async removeEdgesWhere(tenantId: string, end: 'from' | 'to', removals: ReadonlyMap<string, Absence>): Promise<void> {
    const edges = this.options.readStore.collection(edgesCollection).forTenant(tenantId);
    let active: StoredEdge[] = [];
    const removeActive = async () => {
      const removed: { id: string; doc: EdgeRecord; absence: Absence }[] = [];
      for (const edge of await withEdgeSightings(this.options.readStore, tenantId, active)) {
        const removal = removals.get(edge[end]);
        // An edge seen since its node's absence says the node is there: the latest observation wins (its node's next sighting restores it).
        if (removal && unseenSince(edge, Date.parse(removal.at))) removed.push({ id: edgeId(edge), doc: edge, absence: removal });
      }
      await this.writeEdgeRemovals(tenantId, removed);
      active = [];
    };
    for await (const edge of edgesAt(edges, end, [...removals.keys()], this.pageSize)) {
      if (edge.status !== 'active') continue;
      active.push(edge);
      if (active.length === this.pageSize) await removeActive();
    }
    await removeActive();
  }

  private get pageSize(): number {
    return this.options.pageSize ?? DEFAULT_PAGE_SIZE;
  }
}

/** What a finished job's runs over one scope say about it. */
interface ScopeView {
  scope: string;
  /**
   * When the job's view of the scope began: the start of its final run attempt over it (the
   * earliest, should several runs share the scope), else the job's start; undefined when neither
   * is known.
   */
  absence: string | undefined;
  /** Whether a run over the scope was redone (its final attempt is not the first). */
  redone: boolean;
}

function scopeView({ runs, startedAt }: FinishedDiscovery, scope: string): ScopeView {
  const ofScope = runs.filter((run) => run.scope === scope);
  const starts = ofScope.map((run) => run.startedAt ?? startedAt);
  const absence = starts.includes(undefined) ? undefined : (starts as string[]).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  return { scope, absence, redone: ofScope.some((run) => run.attempt > 1) };
}
