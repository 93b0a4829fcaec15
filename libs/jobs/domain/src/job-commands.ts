import type { InventoryFigures, JobError, JobRequested, PluginRunQueue } from '@strata/contracts';

/** Commands the Job aggregate decides on. `now` is an ISO 8601 UTC time supplied by the caller. */
export type JobCommand =
  // What `JobRequested` records, asked for at `now`.
  | ({ type: 'CreateJob'; now: string } & Omit<JobRequested['data'], 'requestedAt'>)
  /** The job has been pending a while: `queues` says where its runs wait. */
  | { type: 'NoteStillQueued'; queues: readonly PluginRunQueue[]; now: string }
  | { type: 'StartPluginRun'; plugin: string; attempt: number; workerId: string; now: string }
  | { type: 'RecordPluginProgress'; plugin: string; attempt: number; resourceCounts: Readonly<Record<string, number>>; fractionDone?: number; now: string }
  | {
      type: 'CompletePluginRun';
      plugin: string;
      attempt: number;
      batches: number;
      scope: string;
      /** When the attempt started, as its worker reported. */
      startedAt?: string;
      resourceCounts: Readonly<Record<string, number>>;
      now: string;
    }
  | { type: 'FailPluginRun'; plugin: string; error: JobError; now: string }
  | { type: 'RecordInventoryProgress'; batchesIngested: number; batchesTotal: number; now: string }
  | ({ type: 'RecordInventoryReconciled'; concurrentJobs?: readonly string[]; now: string } & InventoryFigures)
  | { type: 'RecordAuditProgress'; nodesAudited: number; nodesTotal: number; now: string }
  | { type: 'RecordAuditCompleted'; findingsCreated: number; findingsResolved: number; estimatedMonthlySavings?: number; currency?: string; now: string }
  /** What inventory holds of a job that failed or was cancelled (see `PartialStatsRecorded`). */
  | ({ type: 'RecordInventoryCounted'; now: string } & InventoryFigures)
  | { type: 'CancelJob'; now: string }
  /** Another service cannot go on with the job (inventory over the tenant's node limit). */
  | { type: 'FailJob'; error: JobError; now: string }
  | { type: 'TimeOutJob'; silentSince: string; now: string };
