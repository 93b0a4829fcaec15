import { MAX_BATCH_NODES, subjects, type CredentialResolver, type DiscoveryWorkItem } from '@strata/contracts';
import {
  PoisonMessageError,
  type ConsumedMessage,
  type JetStreamConsumerOptions,
  type MessagingClient,
  type RedeliveryBackoff,
} from '@strata/platform-messaging';
import { createLogger, type Logger } from '@strata/platform-observability';
import type { DiscoveryPlugin } from '@strata/plugins-api';
import { JobEndListener } from '../cancellation/job-end-listener';
import type { EndedJob } from '../cancellation/job-end-event';
import { jobKey, RecentlyEndedJobs } from '../cancellation/recently-ended-jobs';
import { DiscoveryWorkerConfigError, PluginRunRetryError } from '../errors';
import { PluginRun, type PluginRunEnvironment } from '../run/plugin-run';
import { resolveWorkerSettings, type DiscoveryWorkerSettings } from './worker-settings';

/** NATS's default `max_payload`, for a server that has not said otherwise. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
// Room for the batch's envelope and headers within one message.
const PAYLOAD_SHARE_FOR_RESOURCES = 0.9;
/**
 * Batches a run has published and not yet seen acknowledged. Eight keep the inventory supplied
 * with several at a time (it writes batches waiting together in one transaction) while holding
 * at most a few MiB per run.
 */
const MAX_BATCHES_IN_FLIGHT = 8;

/**
 * A plugin of any config type (its methods take the config as a method parameter, so a typed
 * plugin fits). The worker only hands a plugin the config its own schema parsed.
 */
export type AnyDiscoveryPlugin = DiscoveryPlugin<unknown>;

export interface DiscoveryWorkerOptions extends Partial<DiscoveryWorkerSettings> {
  messaging: MessagingClient;
  /** The plugins this process runs; each gets its own durable consumer `discovery-<id>`. */
  plugins: readonly AnyDiscoveryPlugin[];
  /** Gives a run its credential's secret (the tenancy context's, in a real deployment). */
  credentialResolver: CredentialResolver;
  /** Default: a `discovery-worker` logger. */
  logger?: Logger;
  /** Delays before a failed attempt is redelivered (default: the messaging defaults). */
  redeliveryBackoff?: Partial<RedeliveryBackoff>;
  /** Most bytes of nodes and edges in one batch (default: 90 % of the server's `max_payload`). */
  maxBatchBytes?: number;
  now?: () => Date;
}

/** How long a worker's wait for work items lasts before it asks again. */
const WORK_PULL_EXPIRES_MS = 5_000;

/**
 * Runs discovery plugins for work items on `work.discovery.<plugin>`: a bounded number of runs
 * per plugin at once, each streamed out as resource batches, log lines and reports to the job
 * orchestrator. Runs of a job that is cancelled or failed are aborted and acknowledged; runs
 * interrupted by a shutdown (the transport closing, or {@link stop}) are handed back to be redone
 * by another worker. The work items reach {@link handle} through one durable consumer per plugin,
 * a controller the app's NATS transport serves (`discovery-work.consumer.ts`, registered by
 * `DiscoveryWorkerModule`).
 */
export class DiscoveryWorker {
  private readonly settings: DiscoveryWorkerSettings;
  private readonly logger: Logger;
  private readonly plugins: ReadonlyMap<string, AnyDiscoveryPlugin>;
  private readonly runsByJob = new Map<string, Set<PluginRun<unknown>>>();
  private readonly endedJobs = new RecentlyEndedJobs();
  private listener: JobEndListener | undefined;
  private accepting = false;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: DiscoveryWorkerOptions) {
    this.settings = resolveWorkerSettings(options);
    this.logger = options.logger ?? createLogger({ name: 'discovery-worker' });
    if (options.plugins.length === 0) throw new DiscoveryWorkerConfigError('discovery worker: no plugins to run');
    const plugins = new Map<string, AnyDiscoveryPlugin>();
    for (const plugin of options.plugins) {
      if (plugins.has(plugin.id)) throw new DiscoveryWorkerConfigError(`discovery worker: plugin ${plugin.id} is listed twice`);
      subjects.discoveryWork(plugin.id); // throws for an id that cannot be a subject token
      plugins.set(plugin.id, plugin);
    }
    this.plugins = plugins;
  }

  get workerId(): string {
    return this.settings.workerId;
  }

  /** Runs in progress in this process, over all plugins. */
  get activeRuns(): number {
    let count = 0;
    for (const runs of this.runsByJob.values()) count += runs.size;
    return count;
  }

  /** The plugins this process runs, each with a durable consumer of its own. */
  get pluginIds(): readonly string[] {
    return [...this.plugins.keys()];
  }

  /** How the consumers of the work items are tuned, from this worker's settings. */
  get consumerTuning(): Partial<JetStreamConsumerOptions> {
    return {
      concurrency: this.settings.concurrency,
      ackWaitMs: this.settings.ackWaitMs,
      maxDeliver: this.settings.maxDeliver,
      // A run this worker hands back when it stops is redelivered once its pull request has
      // expired at the server (see DurableConsumer): short pulls make that handover quick.
      pullExpiresMs: WORK_PULL_EXPIRES_MS,
      ...(this.options.redeliveryBackoff ? { backoff: this.options.redeliveryBackoff } : {}),
    };
  }

  /** Listens for job ends: before the transport starts the consumers, so no run misses its job's end. */
  start(): Promise<void> {
    this.starting ??= this.startOnce();
    return this.starting;
  }

  /**
   * Stops taking work, aborts the runs still running without acknowledging them (the server
   * hands them to another worker as a new attempt) and stops listening for job ends. In an app,
   * the transport has already closed by then: its consumers stopped pulling, the runs were
   * aborted through the closing signal and have let go. The messaging client stays open: it
   * belongs to the caller.
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private async startOnce(): Promise<void> {
    const { messaging } = this.options;
    this.accepting = true;
    try {
      // Listen first: a run that starts later must not miss its job's end.
      this.listener = await JobEndListener.listen(messaging, (job) => this.onJobEnded(job), this.logger);
    } catch (error) {
      this.accepting = false;
      await this.release();
      throw error;
    }
    const { workerId, concurrency, ackWaitMs } = this.settings;
    this.logger.info({ workerId, plugins: [...this.plugins.keys()], concurrency, ackWaitMs }, 'discovery worker started');
  }

  private async stopOnce(): Promise<void> {
    this.accepting = false;
    await this.starting?.catch(() => undefined);
    await this.release();
    this.logger.info({ workerId: this.settings.workerId }, 'discovery worker stopped');
  }

  private async release(): Promise<void> {
    for (const runs of this.runsByJob.values()) for (const run of runs) run.abort('shutdown');
    this.listener?.stop();
    this.listener = undefined;
  }

  /**
   * Runs the work item of plugin `pluginId` (its consumer's handler). `closing` is the transport's
   * closing signal: once its consumers have stopped pulling, the runs are aborted so that the
   * wait for them is short, and handed back.
   */
  async handle(pluginId: string, message: ConsumedMessage<DiscoveryWorkItem>, closing?: AbortSignal): Promise<void> {
    const plugin = this.plugins.get(pluginId);
    if (!plugin) throw new DiscoveryWorkerConfigError(`discovery worker: no plugin ${pluginId} to run`);
    const item = message.data;
    const attempt = message.deliveryCount;
    if (item.plugin !== plugin.id) throw new PoisonMessageError(`work item for plugin ${item.plugin} arrived on ${message.subject}`);
    if (!this.accepting || closing?.aborted) throw new PluginRunRetryError(plugin.id, item.jobId, attempt, 'the worker is shutting down');
    if (this.endedJobs.has(item.tenantId, item.jobId)) {
      this.logger.info({ jobId: item.jobId, plugin: plugin.id, attempt }, 'skipping a work item of a job that has ended');
      return;
    }

    const run = new PluginRun(plugin, item, attempt, this.runEnvironment());
    const key = jobKey(item.tenantId, item.jobId);
    const runs = this.runsByJob.get(key) ?? new Set();
    runs.add(run);
    this.runsByJob.set(key, runs);
    const handBack = () => run.abort('shutdown');
    closing?.addEventListener('abort', handBack, { once: true });
    try {
      await run.execute();
    } finally {
      closing?.removeEventListener('abort', handBack);
      runs.delete(run);
      if (runs.size === 0) this.runsByJob.delete(key);
    }
  }

  private onJobEnded({ tenantId, jobId, type }: EndedJob): void {
    this.endedJobs.add(tenantId, jobId);
    const runs = this.runsByJob.get(jobKey(tenantId, jobId));
    if (!runs) return;
    this.logger.info({ jobId, event: type, runs: runs.size }, 'aborting the runs of a job that has ended');
    for (const run of runs) run.abort('cancelled');
  }

  private runEnvironment(): PluginRunEnvironment {
    const { messaging, credentialResolver } = this.options;
    const maxPayload = messaging.connection.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
    return {
      messaging,
      credentialResolver,
      logger: this.logger,
      workerId: this.settings.workerId,
      maxDeliver: this.settings.maxDeliver,
      progressIntervalMs: this.settings.progressIntervalMs,
      batchLimits: {
        maxNodes: MAX_BATCH_NODES,
        maxBytes: this.options.maxBatchBytes ?? Math.floor(maxPayload * PAYLOAD_SHARE_FOR_RESOURCES),
      },
      maxBatchesInFlight: MAX_BATCHES_IN_FLIGHT,
      now: this.options.now ?? (() => new Date()),
    };
  }
}
