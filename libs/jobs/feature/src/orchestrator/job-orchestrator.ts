import {
  discoveryDurableName,
  inventoryFigures,
  isJobEndEvent,
  isTerminalStatus,
  subjects,
  workItemMsgId,
  type DiscoveryWorkItem,
  type JobEvent,
  type JobReport,
  type JobRequested,
  type PluginRunQueue,
} from '@strata/contracts';
import { evolveJobView, JobAlreadyExistsError, JobNotFoundError, UnknownPluginRunError, type JobCommand, type JobView } from '@strata/jobs-domain';
import type { EventStore, StoredEvent } from '@strata/platform-event-store';
import { PoisonMessageError, type ConsumedMessage, type MessagingClient } from '@strata/platform-messaging';
import { processLoopHealth, type Logger, type LoopHealth } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { DomainError, KeyedLock } from '@strata/shared-domain';
import { activeJobsCollection, queuedJobsCollection, SYSTEM_TENANT } from '../read-model/jobs-collection';
import { toPublicJob } from '../read-model/job-queries';
import { asJobEvent, JobCommandHandler } from './job-command-handler';
import { closingLine, progressLine } from './job-narration';
import type { CancelJobRpc, CreateJobRpc, JobRpcReply } from './job-rpc';

/** Header on a job's last log line: the SSE stream ends after it. */
export const LOG_END_HEADER = 'Strata-Log-End';

const SILENCE_SWEEP = 'sweep:silent-jobs';
const QUEUE_SWEEP = 'sweep:queued-jobs';

export interface JobOrchestratorOptions {
  messaging: MessagingClient;
  events: EventStore;
  readStore: ReadStore;
  logger?: Logger;
  /** Where a failing sweep shows as down (default: this process's). */
  health?: LoopHealth;
  /** A running job that hears nothing for this long from what its phase waits for fails with `worker_timeout`. */
  silenceTimeoutMs?: number;
  /** A job no worker has taken after this long gets a line in its log saying why (default 60 s). */
  queueNoticeMs?: number;
  /** How often silent and long-queued jobs are looked for (default: half the shorter of the two, at most 30 s). */
  sweepIntervalMs?: number;
  now?: () => Date;
}

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Owns the Job aggregate at run time: answers create/cancel requests, turns the other services'
 * reports into commands, hands plugin runs to the workers once a job has started, closes a
 * finished job's log, and fails jobs whose workers went silent.
 */
export class JobOrchestrator {
  private readonly commands: JobCommandHandler;
  private readonly running: Stoppable[] = [];
  private sweeper: NodeJS.Timeout | undefined;
  private readonly now: () => Date;
  /** A job's log lines are written one at a time, in the order of its events. */
  private readonly logLock = new KeyedLock();

  private readonly silenceTimeoutMs: number;
  private readonly queueNoticeMs: number;

  constructor(private readonly options: JobOrchestratorOptions) {
    this.now = options.now ?? (() => new Date());
    this.silenceTimeoutMs = options.silenceTimeoutMs ?? 10 * 60_000;
    this.queueNoticeMs = options.queueNoticeMs ?? 60_000;
    this.commands = new JobCommandHandler(options.events, this.now);
  }

  async start(): Promise<void> {
    const { messaging } = this.options;
    this.running.push(
      messaging.serve<CreateJobRpc, JobRpcReply>(subjects.jobCommand('create'), ({ data }) => this.create(data)),
      messaging.serve<CancelJobRpc, JobRpcReply>(subjects.jobCommand('cancel'), ({ data }) => this.cancel(data)),
      await messaging.consume<JobReport>({
        stream: 'work',
        durable: 'job-orchestrator',
        filterSubject: 'work.jobs.reports.>',
        concurrency: 4,
        handler: (message) => this.onReport(message),
      }),
      await messaging.consume<StoredEvent>({
        stream: 'events',
        durable: 'job-dispatcher',
        filterSubject: 'events.*.job.JobStarted',
        concurrency: 4,
        handler: ({ data }) => this.dispatch(data),
      }),
      await messaging.consume<StoredEvent>({
        stream: 'events',
        // Named when it wrote only the closing line; kept, as a new name would leave the old
        // durable behind on every server, collecting every job event unread.
        durable: 'job-log-closer',
        filterSubject: 'events.*.job.>',
        concurrency: 4,
        handler: ({ data }) => this.narrate(data),
      }),
    );
    // Often enough that neither a timeout nor a notice comes much later than configured.
    const shortest = Math.min(this.silenceTimeoutMs, this.queueNoticeMs);
    const interval = this.options.sweepIntervalMs ?? Math.min(30_000, Math.max(500, shortest / 2));
    // Each sweep runs again at the next tick whatever happened to the last one; a failed sweep
    // shows as down in GET /status until one succeeds.
    const sweep = (name: string, run: () => Promise<void>) =>
      void run().then(
        () => this.health.recovered(name),
        (error: unknown) => {
          this.health.failed(name);
          this.options.logger?.warn({ err: error, loop: name }, `${name} failed`);
        },
      );
    this.sweeper = setInterval(() => {
      sweep(SILENCE_SWEEP, () => this.sweepSilentJobs());
      sweep(QUEUE_SWEEP, () => this.noteQueuedJobs());
    }, interval);
    this.sweeper.unref();
  }

  private get health(): LoopHealth {
    return this.options.health ?? processLoopHealth;
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const name of [SILENCE_SWEEP, QUEUE_SWEEP]) this.health.recovered(name);
    await Promise.all(this.running.splice(0).map((running) => running.stop()));
  }

  /** Creates and starts a job; a retry with the same request hash answers with the same job. */
  async create(request: CreateJobRpc): Promise<JobRpcReply> {
    const existing = await this.viewOf(request.jobId);
    if (existing) return this.retried(existing, request);
    const { tenantId, jobId, name, plugins, credentialId, config, pluginConfigs, pluginCredentials, requestHash } = request;
    const command: JobCommand = {
      type: 'CreateJob',
      jobId,
      tenantId,
      name,
      plugins,
      credentialId,
      config,
      pluginConfigs,
      ...(pluginCredentials ? { pluginCredentials } : {}),
      ...(requestHash ? { requestHash } : {}),
      now: this.now().toISOString(),
    };
    try {
      return await this.replying(async () => {
        const { events } = await this.commands.execute(jobId, command, { tenantId });
        return this.fold(events);
      });
    } catch (error) {
      // The same Idempotency-Key sent twice at once: the other request created the job first.
      if (!(error instanceof JobAlreadyExistsError)) throw error;
      return this.retried((await this.viewOf(jobId))!, request);
    }
  }

  /**
   * A create for a job id that exists: the same request again is answered with that job, marked as
   * a replay so the gateway says so (a duplicate sent at the same time as the first never sees the
   * job in the read model, so only this answer can tell it).
   */
  private retried(existing: JobView, request: CreateJobRpc): JobRpcReply {
    if (existing.tenant_id === request.tenantId && request.requestHash && existing.internal.request_hash === request.requestHash) {
      return { ok: true, job: toPublicJob(existing), replayed: true };
    }
    return { ok: false, code: 'idempotency_key_reused', message: 'this Idempotency-Key was used with a different request' };
  }

  async cancel({ tenantId, jobId }: CancelJobRpc): Promise<JobRpcReply> {
    const view = await this.viewOf(jobId);
    if (!view || view.tenant_id !== tenantId) {
      const { code, message } = JobNotFoundError.inTenant(tenantId, jobId);
      return { ok: false, code, message };
    }
    return this.replying(async () => {
      await this.commands.execute(jobId, { type: 'CancelJob', now: this.now().toISOString() }, { tenantId });
      return (await this.viewOf(jobId))!;
    });
  }

  private async replying(work: () => Promise<JobView | undefined>): Promise<JobRpcReply> {
    try {
      const view = await work();
      if (!view) return { ok: false, code: 'job_not_found', message: 'job not found' };
      return { ok: true, job: toPublicJob(view) };
    } catch (error) {
      if (error instanceof DomainError && !(error instanceof JobAlreadyExistsError)) return { ok: false, code: error.code, message: error.message };
      throw error;
    }
  }

  private async onReport({ data: report, msgId }: ConsumedMessage<JobReport>): Promise<void> {
    const now = this.now().toISOString();
    const command = commandFor(report, now);
    try {
      const { state } = await this.commands.load(report.jobId);
      if (state.kind === 'job' && state.tenantId !== report.tenantId) {
        throw new PoisonMessageError(`report for job ${report.jobId} names another tenant`);
      }
      await this.commands.execute(report.jobId, command, { tenantId: report.tenantId, ...(msgId ? { causationId: msgId } : {}) });
    } catch (error) {
      // A report about a job or plugin run that does not exist will never succeed.
      if (error instanceof JobNotFoundError || error instanceof UnknownPluginRunError) throw new PoisonMessageError(error.message);
      throw error;
    }
  }

  /** Publishes one work item per plugin once the job has started (at least once; msgId dedupes). */
  private async dispatch(started: StoredEvent): Promise<void> {
    const { jobId } = started.data as { jobId: string };
    const stored = await this.options.events.read(started.streamName);
    const requested = stored.map(asJobEvent).find((event): event is JobRequested => event.type === 'JobRequested');
    if (!requested) throw new PoisonMessageError(`job ${jobId} has no JobRequested event`);
    const view = this.fold(stored.map(asJobEvent));
    if (!view || isTerminalStatus(view.status)) return;
    const { tenantId, plugins, credentialId, pluginConfigs, pluginCredentials } = requested.data;
    for (const plugin of plugins) {
      const item: DiscoveryWorkItem = {
        tenantId,
        jobId,
        plugin,
        credentialId: pluginCredentials?.[plugin] ?? credentialId,
        config: pluginConfigs[plugin] ?? {},
      };
      await this.options.messaging.publish(subjects.discoveryWork(plugin), item, { msgId: workItemMsgId(item) });
    }
  }

  /**
   * Writes the job's own lines into its log: how storing, reconciling and auditing go, and a
   * summary marked as the last line once it has ended. Each line's message id is its event's, so
   * a redelivered event does not repeat it.
   */
  private async narrate(stored: StoredEvent): Promise<void> {
    const event = asJobEvent(stored);
    const { jobId } = event.data as { jobId: string };
    const subject = subjects.logs(stored.metadata.tenantId, jobId);
    await this.logLock.run(jobId, async () => {
      if (isJobEndEvent(stored.type)) {
        const line = closingLine(event, this.now().toISOString());
        if (line) await this.options.messaging.publish(subject, line, { msgId: `${jobId}:log:end`, headers: { [LOG_END_HEADER]: 'true' } });
        return;
      }
      const line = progressLine(event);
      if (line) await this.options.messaging.publish(subject, line, { msgId: `${jobId}:log:${stored.id}` });
    });
  }

  private async sweepSilentJobs(): Promise<void> {
    const cutoff = new Date(this.now().getTime() - this.silenceTimeoutMs).toISOString();
    const active = this.options.readStore.collection(activeJobsCollection).forTenant(SYSTEM_TENANT);
    const silent = await active.find({ where: { last_activity_at: { $lt: cutoff } }, sort: { field: 'last_activity_at' }, limit: 100 });
    for (const { doc } of silent.items) {
      await this.commands.execute(
        doc.job_id,
        { type: 'TimeOutJob', silentSince: doc.last_activity_at, now: this.now().toISOString() },
        { tenantId: doc.tenant_id },
      );
    }
  }

  /**
   * Tells each job that has been pending longer than the queue notice why, from its plugins'
   * work queues: whether any worker ever connected, and how many runs wait and are in progress.
   */
  private async noteQueuedJobs(): Promise<void> {
    const cutoff = new Date(this.now().getTime() - this.queueNoticeMs).toISOString();
    const queued = this.options.readStore.collection(queuedJobsCollection).forTenant(SYSTEM_TENANT);
    const due = await queued.find({ where: { pending_since: { $lt: cutoff } }, sort: { field: 'pending_since' }, limit: 100 });
    // One look at each plugin's queue per sweep, however many of its jobs wait.
    const queues = new Map<string, Promise<PluginRunQueue>>();
    const queueOf = (plugin: string): Promise<PluginRunQueue> => {
      let queue = queues.get(plugin);
      if (!queue) {
        queue = this.options.messaging.backlog('work', discoveryDurableName(plugin)).then((backlog) => ({
          plugin,
          workersSeen: backlog !== undefined,
          runsWaiting: backlog?.waiting ?? 0,
          runsInProgress: backlog?.inProgress ?? 0,
        }));
        queues.set(plugin, queue);
      }
      return queue;
    };
    for (const { doc } of due.items) {
      const command: JobCommand = { type: 'NoteStillQueued', queues: await Promise.all(doc.plugins.map(queueOf)), now: this.now().toISOString() };
      await this.commands.execute(doc.job_id, command, { tenantId: doc.tenant_id });
    }
  }

  private async viewOf(jobId: string): Promise<JobView | undefined> {
    const stored = await this.options.events.read(`job-${jobId}`);
    return this.fold(stored.map(asJobEvent));
  }

  private fold(events: readonly JobEvent[]): JobView | undefined {
    return events.reduce<JobView | undefined>(evolveJobView, undefined);
  }
}

function commandFor(report: JobReport, now: string): JobCommand {
  switch (report.type) {
    case 'PluginRunStarted':
      return { type: 'StartPluginRun', plugin: report.plugin, attempt: report.attempt, workerId: report.workerId, now };
    case 'PluginRunProgressed':
      return {
        type: 'RecordPluginProgress',
        plugin: report.plugin,
        attempt: report.attempt,
        resourceCounts: report.resourceCounts,
        ...(report.fractionDone === undefined ? {} : { fractionDone: report.fractionDone }),
        now,
      };
    case 'PluginRunCompleted':
      return {
        type: 'CompletePluginRun',
        plugin: report.plugin,
        attempt: report.attempt,
        batches: report.batches,
        scope: report.scope,
        ...(report.startedAt === undefined ? {} : { startedAt: report.startedAt }),
        resourceCounts: report.resourceCounts,
        now,
      };
    case 'PluginRunFailed':
      return { type: 'FailPluginRun', plugin: report.plugin, error: report.error, now };
    case 'InventoryProgressed':
      return { type: 'RecordInventoryProgress', batchesIngested: report.batchesIngested, batchesTotal: report.batchesTotal, now };
    case 'InventoryReconciled':
      return { type: 'RecordInventoryReconciled', ...inventoryFigures(report), ...(report.concurrentJobs ? { concurrentJobs: report.concurrentJobs } : {}), now };
    case 'AuditProgressed':
      return { type: 'RecordAuditProgress', nodesAudited: report.nodesAudited, nodesTotal: report.nodesTotal, now };
    case 'AuditCompleted':
      return { type: 'RecordAuditCompleted', findingsCreated: report.findingsCreated, findingsResolved: report.findingsResolved, now };
    case 'InventoryCounted':
      return { type: 'RecordInventoryCounted', ...inventoryFigures(report), now };
    case 'InventoryRejected':
      return { type: 'FailJob', error: report.error, now };
  }
}
