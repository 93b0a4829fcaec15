import { discoveryDurableName, MAX_BATCH_NODES, subjects, type CredentialResolver, type DiscoveryWorkItem } from '@strata/contracts';
import {
  PoisonMessageError,
  type ConsumedMessage,
  type DurableConsumer,
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
import { workItemSchema } from './work-item-schema';
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
 * interrupted by {@link stop} are handed back to be redone by another worker.
 */
export class DiscoveryWorker {
  private readonly settings: DiscoveryWorkerSettings;
  private readonly logger: Logger;
  private readonly plugins: ReadonlyMap<string, AnyDiscoveryPlugin>;
  private readonly consumers: DurableConsumer<DiscoveryWorkItem>[] = [];
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

  /** Listens for job ends, then starts one consumer per plugin. */
  start(): Promise<void> {
    this.starting ??= this.startOnce();
    return this.starting;
  }

  /**
   * Stops taking work, aborts the running runs without acknowledging them (the server hands
   * them to another worker as a new attempt) and waits until they have let go. The messaging
   * client stays open: it belongs to the caller.
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
      for (const plugin of this.plugins.values()) {
        if (!this.accepting) return; // stopped while starting
        const consumer = await messaging.consume<DiscoveryWorkItem>({
          stream: 'work',
          durable: discoveryDurableName(plugin.id),
          filterSubject: subjects.discoveryWork(plugin.id),
          schema: workItemSchema,
          concurrency: this.settings.concurrency,
          ackWaitMs: this.settings.ackWaitMs,
          maxDeliver: this.settings.maxDeliver,
          // A run this worker hands back when it stops is redelivered once its pull request has
          // expired at the server (see DurableConsumer): short pulls make that handover quick.
          pullExpiresMs: WORK_PULL_EXPIRES_MS,
          ...(this.options.redeliveryBackoff ? { backoff: this.options.redeliveryBackoff } : {}),
          handler: (message) => this.handle(plugin, message),
        });
        this.consumers.push(consumer);
      }
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
    // Stopping a consumer ends its pulls at once and then waits for its handlers; abort the
    // runs in between so that wait is short.
    const consumersStopped = this.consumers.map((consumer) => consumer.stop());
    for (const runs of this.runsByJob.values()) for (const run of runs) run.abort('shutdown');
    await Promise.all(consumersStopped);
    this.listener?.stop();
    this.listener = undefined;
  }

  private async handle(plugin: AnyDiscoveryPlugin, message: ConsumedMessage<DiscoveryWorkItem>): Promise<void> {
    const item = message.data;
    const attempt = message.deliveryCount;
    if (item.plugin !== plugin.id) throw new PoisonMessageError(`work item for plugin ${item.plugin} arrived on ${message.subject}`);
    if (!this.accepting) throw new PluginRunRetryError(plugin.id, item.jobId, attempt, 'the worker is shutting down');
    if (this.endedJobs.has(item.tenantId, item.jobId)) {
      this.logger.info({ jobId: item.jobId, plugin: plugin.id, attempt }, 'skipping a work item of a job that has ended');
      return;
    }

    const run = new PluginRun(plugin, item, attempt, this.runEnvironment());
    const key = jobKey(item.tenantId, item.jobId);
    const runs = this.runsByJob.get(key) ?? new Set();
    runs.add(run);
    this.runsByJob.set(key, runs);
    try {
      await run.execute();
    } finally {
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
