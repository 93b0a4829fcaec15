import type { TenantLimits } from '@strata/contracts';
import type { MessagingClient, RedeliveryBackoff } from '@strata/platform-messaging';
import { createLogger, type Logger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { CountEndedJobHandler } from './count-ended-job/count-ended-job.handler';
import { EndedJobCounter } from './count-ended-job/ended-job-counter';
import { ActiveNodeCounts } from './enforce-node-limit/active-node-counts';
import { BatchIngestor } from './ingest-batch/batch-ingestor';
import { IngestBatchHandler } from './ingest-batch/ingest-batch.handler';
import { ReconcileScopeHandler } from './reconcile-scope/reconcile-scope.handler';
import { migrateSightings } from './migrate-sightings/sightings-migration';
import { CloudNodeLinker } from './link-cloud-nodes/cloud-node-linker';
import { ScopeReconciler } from './reconcile-scope/scope-reconciler';
import { ScopeChangedEvents } from './job-changes/scope-changed-events';
import { InventoryReports } from './report-to-jobs/inventory-reports';
import { GraphSummarizer } from './summarize-graph/graph-summarizer';

export { INVENTORY_DURABLES } from './inventory-durables';

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

export interface InventoryServiceOptions extends InventorySettings {
  readStore: ReadStore;
  messaging: MessagingClient;
  /** The tenants' node limits (tenancy provides them under `TENANT_LIMITS`); none without it. */
  tenantLimits?: TenantLimits;
  logger?: Logger;
}

/**
 * The inventory service: ingests resource batches into the graph (durable `inventory` on
 * BATCHES) and reconciles each job's scopes when its discovery finished (durable
 * `inventory-reconcile` on EVENTS), reporting `InventoryReconciled` to the job orchestrator, or
 * `InventoryRejected` for a job that would take its tenant past the node limit. For a job that
 * failed or was cancelled (durables `inventory-job-cancelled`, `inventory-job-failed`), it
 * reports `InventoryCounted`: what the job kept, again when its last batches add to it. Wiring
 * only: each use case is in its folder (`ingest-batch/`, `reconcile-scope/`, `count-ended-job/`)
 * with its handler, built here, and its consumer, a controller the app's NATS transport serves
 * (registered by `InventoryModule`).
 */
export class InventoryService {
  readonly ingestor: BatchIngestor;
  readonly reconciler: ScopeReconciler;
  private readonly endedJobs: EndedJobCounter;
  private readonly summarizer: GraphSummarizer;
  private readonly reports: InventoryReports;
  private readonly logger: Logger;
  readonly ingestBatch: IngestBatchHandler;
  readonly reconcileScope: ReconcileScopeHandler;
  readonly countEndedJob: CountEndedJobHandler;

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
      nodeLocks: this.ingestor.nodeLocks,
      ...(clock ? { clock } : {}),
      ...(options.batchWaitMs !== undefined ? { batchWaitMs: options.batchWaitMs } : {}),
      ...(options.batchPollIntervalMs !== undefined ? { batchPollIntervalMs: options.batchPollIntervalMs } : {}),
    });
    this.reports = new InventoryReports(options.messaging, this.ingestor.rejections, this.logger);
    this.endedJobs = new EndedJobCounter({
      readStore,
      report: (tenantId, jobId, stats) => this.reports.counted(tenantId, jobId, stats),
      onReportError: (tenantId, jobId, error) => this.logger.warn({ tenantId, jobId, err: error }, 'could not count what an ended job kept'),
      ...(options.endedJobRecountDelayMs !== undefined ? { recountDelayMs: options.endedJobRecountDelayMs } : {}),
    });
    this.ingestBatch = new IngestBatchHandler(this.ingestor, this.reconciler, this.endedJobs, this.reports, this.logger);
    const links = new CloudNodeLinker({ readStore, nodeLocks: this.ingestor.nodeLocks, ...(clock ? { clock } : {}) });
    this.reconcileScope = new ReconcileScopeHandler(this.reconciler, this.endedJobs, this.reports, links, new ScopeChangedEvents(readStore, options.messaging));
    this.countEndedJob = new CountEndedJobHandler(this.endedJobs, this.reports);
  }

  /** How its consumers are tuned (`InventoryModule` builds them from these). */
  get settings(): InventorySettings {
    return this.options;
  }

  /**
   * Migrates the store if it needs it (`SightingsMigration`), before the app's NATS transport,
   * which starts once the app has booted, serves the consumers.
   */
  async start(): Promise<void> {
    await migrateSightings(this.options.readStore, this.logger);
  }

  /** Stops the recounts and summary refreshes; call it once the transport has drained the consumers. */
  async stop(): Promise<void> {
    await this.endedJobs.stop();
    await this.summarizer.stop();
  }
}
