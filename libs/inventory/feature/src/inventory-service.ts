import { trace } from '@opentelemetry/api';
import { subjects, type InventoryFigures, type JobReport, type ResourceBatch, type TenantLimits } from '@strata/contracts';
import {
  PoisonMessageError,
  type ConsumedMessage,
  type DurableConsumer,
  type MessagingClient,
  type RedeliveryBackoff,
} from '@strata/platform-messaging';
import { createLogger, StrataAttributes, type Logger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { ActiveNodeCounts } from './enforce-node-limit/active-node-counts';
import { BatchIngestor } from './ingest-batch/batch-ingestor';
import { resourceBatchSchema } from './ingest-batch/resource-batch.schema';
import { relayedDiscoveryFinishedSchema, type RelayedDiscoveryFinished } from './reconcile-scope/discovery-finished.schema';
import type { JobRejection } from './read-model/inventory-collections';
import { ScopeReconciler, type IngestProgress } from './reconcile-scope/scope-reconciler';
import { GraphSummarizer } from './summarize-graph/graph-summarizer';
import { EndedJobCounter } from './count-ended-job/ended-job-counter';
import { relayedJobEndedSchema, type RelayedJobEnded } from './count-ended-job/job-ended.schema';

/** Durable consumer names: every inventory replica shares them and so splits the messages. */
export const INVENTORY_DURABLES = {
  ingest: 'inventory',
  reconcile: 'inventory-reconcile',
  // One per event type: nats-server 2.9 takes one filter subject per consumer.
  jobCancelled: 'inventory-job-cancelled',
  jobFailed: 'inventory-job-failed',
} as const;

/**
 * Batches handled at once. Their writes reach the store within moments of each other and commit
 * together (`CoalescedWrites`): eight keep each commit a few batches wide while a batch waits.
 */
const DEFAULT_INGEST_CONCURRENCY = 8;

export interface InventorySettings {
  /** Batches handled at once per process (default 8). */
  ingestConcurrency?: number;
  /**
   * Deliveries of a failing batch before it is given up (default 50, with the default backoff up
   * to a minute apart). A batch given up never counts as ingested, so its job cannot reconcile:
   * transient failures (a busy store) must outlast this, while a malformed batch is terminated
   * at once whatever this says.
   */
  ingestMaxDeliver?: number;
  /** Reconciles at once per process (default 2). */
  reconcileConcurrency?: number;
  /**
   * How long one reconcile waits in the handler for the job's last batches before it lets the
   * consumer redeliver with backoff (default 5 s); see `ScopeReconcilerOptions`.
   */
  batchWaitMs?: number;
  /** Time between checks while waiting (default 200 ms; a batch ingested here wakes it at once). */
  batchPollIntervalMs?: number;
  /**
   * Deliveries of a `DiscoveryFinished` before it is given up (default 200): each one that finds
   * batches still on their way is retried, so this bounds how long reconcile waits for a backlog.
   */
  reconcileMaxDeliver?: number;
  /** Delays between those deliveries (default 0.5 s doubling to 10 s). */
  reconcileBackoff?: Partial<RedeliveryBackoff>;
  /**
   * How long this process trusts its count of a tenant's active nodes before counting again, for
   * the node limit (default 10 s; see `ActiveNodeCounts`).
   */
  activeCountMaxAgeMs?: number;
  /**
   * When a tenant's graph summary is refreshed for what ingest changed without a reconcile
   * (default: once ingest into it paused 2 s, at most every 30 s; see `SummaryRefreshSchedule`).
   */
  summaryRefresh?: { quietMs?: number; minIntervalMs?: number };
  /**
   * How long after a batch of a job that had already failed or been cancelled is stored that job's
   * kept statistics are counted again (default 1 s; see `EndedJobCounter`).
   */
  endedJobRecountDelayMs?: number;
  clock?: () => Date;
}

export interface InventoryServiceOptions extends InventorySettings {
  readStore: ReadStore;
  messaging: MessagingClient;
  /** The tenants' node limits (tenancy provides them under `TENANT_LIMITS`); none without it. */
  tenantLimits?: TenantLimits;
  logger?: Logger;
}

const RECONCILE_BACKOFF: Partial<RedeliveryBackoff> = { initialDelayMs: 500, multiplier: 2, maxDelayMs: 10_000 };

/**
 * The inventory service: ingests resource batches into the graph (durable `inventory` on
 * BATCHES) and reconciles each job's scopes when its discovery finished (durable
 * `inventory-reconcile` on EVENTS), reporting `InventoryReconciled` to the job orchestrator, or
 * `InventoryRejected` for a job that would take its tenant past the node limit. For a job that
 * failed or was cancelled (durables `inventory-job-cancelled`, `inventory-job-failed`), it
 * reports `InventoryCounted`: what the job kept, again when its last batches add to it.
 */
export class InventoryService {
  readonly ingestor: BatchIngestor;
  readonly reconciler: ScopeReconciler;
  private readonly endedJobs: EndedJobCounter;
  private readonly summarizer: GraphSummarizer;
  private readonly logger: Logger;
  private consumers: Pick<DurableConsumer, 'stop'>[] = [];

  constructor(private readonly options: InventoryServiceOptions) {
    const { readStore, clock } = options;
    this.logger = options.logger ?? createLogger({ name: 'inventory' });
    // One count and one summarizer for both: reconcile removing nodes must reach the count ingest checks.
    const activeNodeCounts = new ActiveNodeCounts({ readStore, ...(options.activeCountMaxAgeMs !== undefined ? { maxAgeMs: options.activeCountMaxAgeMs } : {}) });
    const summarizer = new GraphSummarizer({
      readStore,
      ...(clock ? { clock } : {}),
      ...(options.summaryRefresh ? { refreshSchedule: options.summaryRefresh } : {}),
      onRefreshError: (tenantId, error) => this.logger.warn({ tenantId, err: error }, 'could not refresh the graph summary; the next change retries'),
    });
    this.summarizer = summarizer;
    this.ingestor = new BatchIngestor({
      readStore,
      activeNodeCounts,
      summarizer,
      ...(clock ? { clock } : {}),
      ...(options.tenantLimits ? { tenantLimits: options.tenantLimits } : {}),
    });
    this.reconciler = new ScopeReconciler({
      readStore,
      activeNodeCounts,
      summarizer,
      ...(clock ? { clock } : {}),
      ...(options.batchWaitMs !== undefined ? { batchWaitMs: options.batchWaitMs } : {}),
      ...(options.batchPollIntervalMs !== undefined ? { batchPollIntervalMs: options.batchPollIntervalMs } : {}),
    });
    this.endedJobs = new EndedJobCounter({
      readStore,
      report: (tenantId, jobId, stats) => this.reportCounted(tenantId, jobId, stats),
      onReportError: (tenantId, jobId, error) => this.logger.warn({ tenantId, jobId, err: error }, 'could not count what an ended job kept'),
      ...(options.endedJobRecountDelayMs !== undefined ? { recountDelayMs: options.endedJobRecountDelayMs } : {}),
    });
  }

  /** Starts its consumers (the streams must exist: `MessagingClient.ensureStreams`). */
  async start(): Promise<void> {
    if (this.consumers.length > 0) return;
    const { messaging } = this.options;
    const ingest = await messaging.consume<ResourceBatch>({
      stream: 'batches',
      durable: INVENTORY_DURABLES.ingest,
      filterSubject: 'discovery.batches.>',
      schema: resourceBatchSchema,
      concurrency: this.options.ingestConcurrency ?? DEFAULT_INGEST_CONCURRENCY,
      maxDeliver: this.options.ingestMaxDeliver ?? 50,
      handler: (message) => this.onBatch(message),
    });
    this.consumers.push(ingest);
    const reconcile = await messaging.consume<RelayedDiscoveryFinished>({
      stream: 'events',
      durable: INVENTORY_DURABLES.reconcile,
      filterSubject: 'events.*.job.DiscoveryFinished',
      schema: relayedDiscoveryFinishedSchema,
      concurrency: this.options.reconcileConcurrency ?? 2,
      maxDeliver: this.options.reconcileMaxDeliver ?? 200,
      backoff: { ...RECONCILE_BACKOFF, ...this.options.reconcileBackoff },
      handler: (message) => this.onDiscoveryFinished(message),
    });
    this.consumers.push(reconcile);
    for (const [durable, type] of [
      [INVENTORY_DURABLES.jobCancelled, 'JobCancelled'],
      [INVENTORY_DURABLES.jobFailed, 'JobFailed'],
    ] as const) {
      const ends = await messaging.consume<RelayedJobEnded>({
        stream: 'events',
        durable,
        filterSubject: `events.*.job.${type}`,
        // Created by the upgrade that brought it: the ends of jobs long over, still in the stream,
        // would each be counted and recorded at once, a burst of events about old jobs.
        deliverPolicy: 'new',
        schema: relayedJobEndedSchema,
        handler: (message) => this.onJobEnded(message),
      });
      this.consumers.push(ends);
    }
  }

  /** Stops pulling and lets running handlers finish and acknowledge. */
  async stop(): Promise<void> {
    const consumers = this.consumers;
    this.consumers = [];
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await this.endedJobs.stop();
    await this.summarizer.stop();
  }

  private async onBatch({ subject, data: batch }: ConsumedMessage<ResourceBatch>): Promise<void> {
    // discovery.batches.<tenant>.<job>: the subject is what the stream's permissions vouch for.
    const [, , tenant, job] = subject.split('.');
    if (tenant !== batch.tenantId || job !== batch.jobId) {
      throw new PoisonMessageError(`batch for ${batch.tenantId}/${batch.jobId} arrived on ${subject}`);
    }
    annotate(batch.tenantId, batch.jobId);
    const result = await this.ingestor.ingest(batch);
    if (result.outcome === 'rejected') {
      // Acknowledged once the report is out: the job fails, its batches are not retried.
      if (!result.rejection.reported) await this.reportRejection(batch.tenantId, result.rejection);
      return;
    }
    this.reconciler.batchIngested();
    // After the batch is stored (see EndedJobCounter): a batch of an ended job adds to what it kept.
    if (result.outcome === 'ingested') await this.endedJobs.jobChanged(batch.tenantId, batch.jobId);
    this.logger.debug({ tenantId: batch.tenantId, jobId: batch.jobId, plugin: batch.plugin, attempt: batch.attempt, sequence: batch.sequence, ...result }, 'batch ingested');
  }

  private async reportRejection(tenantId: string, rejection: JobRejection): Promise<void> {
    const report: JobReport = { type: 'InventoryRejected', tenantId, jobId: rejection.job_id, error: rejection.error };
    await this.options.messaging.publish(subjects.jobReports(tenantId), report, { msgId: `${rejection.job_id}:inventory-rejected` });
    await this.ingestor.rejections.markReported(tenantId, rejection);
    this.logger.warn({ tenantId, jobId: rejection.job_id, error: rejection.error }, 'job rejected');
  }

  private async onDiscoveryFinished({ subject, data: event }: ConsumedMessage<RelayedDiscoveryFinished>): Promise<void> {
    const { tenantId, jobId, runs, startedAt } = event.data;
    // events.<tenant>.job.DiscoveryFinished
    if (subject.split('.')[1] !== tenantId || event.metadata.tenantId !== tenantId) {
      throw new PoisonMessageError(`DiscoveryFinished of job ${jobId} names tenant ${tenantId} but arrived on ${subject}`);
    }
    annotate(tenantId, jobId);
    const outcome = await this.reconciler.reconcile({ tenantId, jobId, runs, ...(startedAt ? { startedAt } : {}) }, (progress) =>
      this.reportIngestProgress(tenantId, jobId, progress),
    );
    if (outcome.kind === 'rejected') {
      // Said again in case the orchestrator missed it; the msgId makes it a duplicate otherwise.
      await this.reportRejection(tenantId, outcome.rejection);
      return;
    }
    const { stats, concurrentJobs } = outcome;
    const report: JobReport = { type: 'InventoryReconciled', tenantId, jobId, ...stats, ...(concurrentJobs.length > 0 ? { concurrentJobs } : {}) };
    await this.options.messaging.publish(subjects.jobReports(tenantId), report, { msgId: `${jobId}:inventory-reconciled` });
    this.logger.info({ tenantId, jobId, ...stats }, 'inventory reconciled');
    // A job cancelled while it reconciled keeps what the reconcile removed in its statistics too.
    await this.endedJobs.jobChanged(tenantId, jobId);
  }

  private async onJobEnded({ subject, data: event }: ConsumedMessage<RelayedJobEnded>): Promise<void> {
    const tenantId = event.metadata.tenantId;
    const { jobId } = event.data;
    // events.<tenant>.job.<type>
    if (subject.split('.')[1] !== tenantId) throw new PoisonMessageError(`${event.type} of job ${jobId} names tenant ${tenantId} but arrived on ${subject}`);
    annotate(tenantId, jobId);
    const ended =
      event.type === 'JobCancelled'
        ? { job_id: jobId, outcome: 'cancelled' as const, ended_at: event.data.cancelledAt }
        : { job_id: jobId, outcome: 'failed' as const, ended_at: event.data.failedAt };
    await this.reportCounted(tenantId, jobId, await this.endedJobs.jobEnded(tenantId, ended));
  }

  /** What a job that failed or was cancelled kept, for its statistics; a repeat of the same figures is a duplicate. */
  private async reportCounted(tenantId: string, jobId: string, stats: InventoryFigures): Promise<void> {
    const report: JobReport = { type: 'InventoryCounted', tenantId, jobId, ...stats };
    const figures = [stats.nodesDiscovered, stats.nodesUpdated, stats.nodesRemoved, stats.edgesCreated].join(':');
    await this.options.messaging.publish(subjects.jobReports(tenantId), report, { msgId: `${jobId}:inventory-counted:${figures}` });
    this.logger.info({ tenantId, jobId, ...stats }, 'counted what an ended job kept');
  }

  /**
   * Tells the orchestrator how far ingest is while reconcile waits for a job's last batches, which
   * also keeps a long catch-up from looking like silence. Best effort: the reconcile goes on
   * without it.
   */
  private async reportIngestProgress(tenantId: string, jobId: string, { batchesIngested, batchesTotal }: IngestProgress): Promise<void> {
    const report: JobReport = { type: 'InventoryProgressed', tenantId, jobId, batchesIngested, batchesTotal };
    try {
      await this.options.messaging.publish(subjects.jobReports(tenantId), report, { msgId: `${jobId}:inventory-progress:${batchesIngested}` });
    } catch (error) {
      this.logger.warn({ tenantId, jobId, err: error }, 'could not report ingest progress');
    }
  }
}

function annotate(tenantId: string, jobId: string): void {
  trace.getActiveSpan()?.setAttributes({ [StrataAttributes.tenant]: tenantId, [StrataAttributes.job]: jobId });
}
