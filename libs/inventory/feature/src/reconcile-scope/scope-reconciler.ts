import { edgeId, type InventoryFigures, type PluginRunOutput } from '@strata/contracts';
import { appendHistory, removeEdge, removeNode, type EdgeRecord } from '@strata/inventory-domain';
import { type DocumentEntry, type ReadStore, type TenantCollection, type Where } from '@strata/platform-read-store';
import { ChangeThrottle } from '@strata/shared-domain';
import { ActiveNodeCounts } from '../enforce-node-limit/active-node-counts';
import { JobRejections } from '../enforce-node-limit/job-rejections';
import {
  edgesCollection,
  ingestedBatchesCollection,
  nodeDocument,
  nodeHistoryCollection,
  nodesCollection,
  pluginRunKey,
  reconciliationsCollection,
  type JobRejection,
  type StoredNode,
} from '../read-model/inventory-collections';
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
}

/** What discovery finished: the job and each plugin run's final attempt. */
export interface FinishedDiscovery {
  tenantId: string;
  jobId: string;
  runs: readonly PluginRunOutput[];
  /**
   * When the job started (ISO 8601). Nodes some job saw at or after it are kept even if this job
   * did not see them: another job over the same scope, running at the same time, saw them after
   * this one began. Without it, every node of the scope this job did not see is removed.
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
 * of each run's scope that neither this job nor any job since it started saw (and the edges
 * touching them), then counts the job's statistics: the nodes it saw and updated from its batch
 * records, the rest over the `*_job` fields. Every step can be repeated after a crash or
 * redelivery and converges; the first complete outcome is stored and reported unchanged from
 * then on.
 *
 * Rules: `nodesDiscovered` = distinct nodes the job saw; `nodesUpdated` = those among them that
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

  constructor(private readonly options: ScopeReconcilerOptions) {
    const { readStore } = options;
    this.clock = options.clock ?? (() => new Date());
    this.rejections = new JobRejections(readStore);
    this.activeNodeCounts = options.activeNodeCounts ?? new ActiveNodeCounts({ readStore });
    this.summarizer = options.summarizer ?? new GraphSummarizer({ readStore, clock: this.clock });
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
      for (const scope of scopes) await this.removeUnseenNodes(tenantId, jobId, scope, now, finished.startedAt, concurrentJobs);
    } finally {
      this.activeNodeCounts.forget(tenantId);
    }
    await this.removeEdgesOfRemovedNodes(tenantId, jobId, now);
    // Before the reconciliation is stored: a reconcile repeated after a crash refreshes it again.
    await this.summarizer.refresh(tenantId);

    const stats = await countJobInventory(readStore, tenantId, jobId, this.pageSize);
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
   * Active nodes of `scope` whose `last_seen_job` is any other job (below it, then above it),
   * unless seen since `startedAt`: those were seen by a job running at the same time as this one,
   * after this one began, so this job's not seeing them says nothing about them now. Those jobs
   * go into `concurrentJobs` (up to {@link MAX_CONCURRENT_JOBS_NAMED}).
   */
  private async removeUnseenNodes(
    tenantId: string,
    jobId: string,
    scope: string,
    now: string,
    startedAt: string | undefined,
    concurrentJobs: Set<string>,
  ): Promise<void> {
    const nodes = this.options.readStore.collection(nodesCollection).forTenant(tenantId);
    const started = startedAt === undefined ? Infinity : Date.parse(startedAt);
    const seenSinceStart = (node: StoredNode) => Date.parse(node.last_seen) >= started;
    for (const notThisJob of [{ $lt: jobId }, { $gt: jobId }]) {
      const where: Where<StoredNode> = { scope, status: 'active', last_seen_job: notThisJob };
      // Sorted by `last_seen_job` so pages are read in the order of the (scope, status,
      // last_seen_job) index. The cursor is a key, not a row: nodes of earlier pages leaving the
      // filter (removed) do not move it.
      let cursor: string | undefined;
      do {
        const page = await nodes.find({ where, sort: { field: 'last_seen_job' }, limit: this.pageSize, ...(cursor ? { cursor } : {}) });
        const unseen: DocumentEntry<StoredNode>[] = [];
        for (const entry of page.items) {
          if (!seenSinceStart(entry.doc)) unseen.push(entry);
          else if (concurrentJobs.size < MAX_CONCURRENT_JOBS_NAMED) concurrentJobs.add(entry.doc.last_seen_job);
        }
        if (unseen.length > 0) {
          // History first, as at ingest: a repeat recognises the entries, not the removed nodes.
          await this.recordRemovals(tenantId, unseen, jobId, now);
          await nodes.bulkUpsert(unseen.map(({ id, doc }) => ({ id, doc: nodeDocument({ ...doc, ...removeNode(doc, { jobId, now }) }) })));
        }
        cursor = page.nextCursor;
      } while (cursor);
    }
  }

  private async recordRemovals(tenantId: string, removed: readonly DocumentEntry<StoredNode>[], jobId: string, now: string): Promise<void> {
    const histories = this.options.readStore.collection(nodeHistoryCollection).forTenant(tenantId);
    const ids = removed.map(({ id }) => id);
    const stored = await histories.getMany(ids);
    await histories.bulkUpsert(ids.map((id) => ({ id, doc: appendHistory(stored.get(id), { change: 'removed', job_id: jobId, at: now }) })));
  }

  /**
   * Driven by the nodes this job removed rather than by the ones removed just now, so a reconcile
   * that crashed between removing nodes and their edges finishes the edges when it is repeated.
   */
  private async removeEdgesOfRemovedNodes(tenantId: string, jobId: string, now: string): Promise<void> {
    const { readStore } = this.options;
    const nodes = readStore.collection(nodesCollection).forTenant(tenantId);
    const edges = readStore.collection(edgesCollection).forTenant(tenantId);
    let cursor: string | undefined;
    do {
      const page = await nodes.find({ where: { removed_in_job: jobId }, limit: this.pageSize, ...(cursor ? { cursor } : {}) });
      const ids = page.items.map(({ id }) => id);
      if (ids.length > 0) {
        await this.removeEdgesWhere(edges, 'from', ids, jobId, now);
        await this.removeEdgesWhere(edges, 'to', ids, jobId, now);
      }
      cursor = page.nextCursor;
    } while (cursor);
  }

  private async removeEdgesWhere(edges: TenantCollection<EdgeRecord>, end: 'from' | 'to', ids: string[], jobId: string, now: string): Promise<void> {
    let removed: DocumentEntry<EdgeRecord>[] = [];
    for await (const edge of edgesAt(edges, end, ids, this.pageSize)) {
      if (edge.status !== 'active') continue;
      removed.push({ id: edgeId(edge), doc: removeEdge(edge, { jobId, now }) });
      if (removed.length === this.pageSize) {
        await edges.bulkUpsert(removed);
        removed = [];
      }
    }
    if (removed.length > 0) await edges.bulkUpsert(removed);
  }

  private get pageSize(): number {
    return this.options.pageSize ?? DEFAULT_PAGE_SIZE;
  }
}
