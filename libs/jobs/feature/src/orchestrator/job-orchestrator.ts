import type { EventStore } from '@strata/platform-event-store';
import type { MessagingClient } from '@strata/platform-messaging';
import { processLoopHealth, type Logger, type LoopHealth } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { CancelJobHandler } from '../cancel-job/cancel-job.handler';
import { CreateJobHandler } from '../create-job/create-job.handler';
import { DispatchWorkHandler } from '../dispatch-work/dispatch-work.handler';
import { NarrateJobLogHandler } from '../narrate-job-log/narrate-job-log.handler';
import { NoteQueuedJobsHandler } from '../note-queued-jobs/note-queued-jobs.handler';
import { RecordRunReportHandler } from '../record-run-report/record-run-report.handler';
import { TimeOutSilentJobsHandler } from '../time-out-silent-jobs/time-out-silent-jobs.handler';
import { JobCommandHandler } from './job-command-handler';

export { LOG_END_HEADER } from '../narrate-job-log/narrate-job-log.handler';

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

/**
 * Owns the Job aggregate at run time. Wiring only: each use case (create, cancel, record a run
 * report, dispatch work, narrate the log, time out silent jobs, note queued jobs) lives in its
 * own folder with its handler and its transport adapter (a controller the NATS transport serves,
 * registered by `JobOrchestratorModule`); this builds the handlers and runs the two sweeps.
 */
export class JobOrchestrator {
  readonly createJob: CreateJobHandler;
  readonly cancelJob: CancelJobHandler;
  readonly recordRunReport: RecordRunReportHandler;
  readonly dispatchWork: DispatchWorkHandler;
  readonly narrateJobLog: NarrateJobLogHandler;
  private readonly timeOutSilentJobs: TimeOutSilentJobsHandler;
  private readonly noteQueuedJobs: NoteQueuedJobsHandler;
  private sweeper: NodeJS.Timeout | undefined;
  private sweepsEnded = 0;
  private readonly sweepInterval: number;

  constructor(private readonly options: JobOrchestratorOptions) {
    const { messaging, events, readStore } = options;
    const now = options.now ?? (() => new Date());
    const silenceTimeoutMs = options.silenceTimeoutMs ?? 10 * 60_000;
    const queueNoticeMs = options.queueNoticeMs ?? 60_000;
    const commands = new JobCommandHandler(events, now);
    this.createJob = new CreateJobHandler(commands, now);
    this.cancelJob = new CancelJobHandler(commands, now);
    this.recordRunReport = new RecordRunReportHandler(commands, now);
    this.dispatchWork = new DispatchWorkHandler(events, messaging);
    this.narrateJobLog = new NarrateJobLogHandler(messaging, now);
    this.timeOutSilentJobs = new TimeOutSilentJobsHandler(commands, readStore, silenceTimeoutMs, now);
    this.noteQueuedJobs = new NoteQueuedJobsHandler(commands, readStore, messaging, queueNoticeMs, now);
    // Often enough that neither a timeout nor a notice comes much later than configured.
    this.sweepInterval = options.sweepIntervalMs ?? Math.min(30_000, Math.max(500, Math.min(silenceTimeoutMs, queueNoticeMs) / 2));
  }

  /** Starts the sweeps; the handlers are served by the NATS transport (`JobOrchestratorModule`). */
  async start(): Promise<void> {
    this.sweeper = setInterval(() => {
      this.sweep(SILENCE_SWEEP, () => this.timeOutSilentJobs.sweep());
      this.sweep(QUEUE_SWEEP, () => this.noteQueuedJobs.sweep());
    }, this.sweepInterval);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const name of [SILENCE_SWEEP, QUEUE_SWEEP]) this.health.recovered(name);
  }

  /**
   * Runs one sweep; the next tick runs it again whatever happened to this one. A failed sweep
   * shows as down in GET /status until one succeeds.
   */
  private sweep(name: string, run: () => Promise<void>): void {
    void run()
      .then(
        () => this.health.recovered(name),
        (error: unknown) => {
          this.health.failed(name);
          this.options.logger?.warn({ err: error, loop: name }, `${name} failed`);
        },
      )
      .finally(() => (this.sweepsEnded += 1));
  }

  /** Sweeps run to their end (either kind, failed or not): what a test waits on instead of a sleep. */
  get sweepsCompleted(): number {
    return this.sweepsEnded;
  }

  private get health(): LoopHealth {
    return this.options.health ?? processLoopHealth;
  }
}
