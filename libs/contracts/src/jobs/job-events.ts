import type { JobError, JobStats } from './job-vocabulary';

/**
 * Events of the Job aggregate (stream `job-<id>`). Wire names are the `type` literals; `version`
 * is the schema version of `data`, raised whenever its shape changes. All times are ISO 8601 UTC.
 */
interface JobEventOf<Type extends string, Data> {
  readonly type: Type;
  readonly version: 1;
  readonly data: Readonly<Data>;
}

export type JobRequested = JobEventOf<
  'JobRequested',
  {
    jobId: string;
    tenantId: string;
    name: string;
    plugins: readonly string[];
    credentialId: string;
    /** Plugin configuration as submitted, with every secret already moved out and redacted. */
    config: Readonly<Record<string, unknown>>;
    /** Each plugin's own part of `config` (the flat form belongs to the single plugin). */
    pluginConfigs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    /** Credentials made from secrets given inline in `config`, per plugin (e.g. a kubeconfig). */
    pluginCredentials?: Readonly<Record<string, string>>;
    /** Hash of the create request, to tell an Idempotency-Key retry from a conflicting reuse. */
    requestHash?: string;
    requestedAt: string;
  }
>;
export type JobStarted = JobEventOf<'JobStarted', { jobId: string; startedAt: string }>;
/** Where one of a pending job's plugin runs waits: its plugin's work queue, as the orchestrator saw it. */
export interface PluginRunQueue {
  plugin: string;
  /** Whether a worker for the plugin ever connected (it creates the plugin's work consumer). */
  workersSeen: boolean;
  /** Runs no worker has taken yet, this job's among them. */
  runsWaiting: number;
  /** Runs workers hold now (running, or held by a worker that died until their ack wait ends). */
  runsInProgress: number;
}
/**
 * A job still pending a while after it started (no worker has taken any of its runs), and why:
 * the backlog of each of its plugins' work queues. Noted at most once per job, for its log.
 */
export type JobStillQueued = JobEventOf<'JobStillQueued', { jobId: string; pendingSince: string; queues: readonly PluginRunQueue[]; at: string }>;
export type PluginRunStarted = JobEventOf<
  'PluginRunStarted',
  { jobId: string; plugin: string; attempt: number; workerId: string; startedAt: string }
>;
/**
 * Live counts of a running plugin, and the share of its run done when the plugin can tell (0 to
 * 1); recorded now and then, not for every resource.
 */
export type PluginRunProgressed = JobEventOf<
  'PluginRunProgressed',
  { jobId: string; plugin: string; attempt: number; resourceCounts: Readonly<Record<string, number>>; fractionDone?: number; at: string }
>;
/** What a plugin run published, so inventory knows when it has ingested all of it. */
export interface PluginRunOutput {
  plugin: string;
  attempt: number;
  /** Resource batches the attempt published (sequences 0 .. batches-1). */
  batches: number;
  /** Reconcile scope of the run. */
  scope: string;
  /**
   * When this attempt started (the worker's clock). Its complete view of the scope says every
   * node it did not see was gone as of then. Absent from runs reported by older workers.
   */
  startedAt?: string;
}
export type PluginRunCompleted = JobEventOf<
  'PluginRunCompleted',
  PluginRunOutput & { jobId: string; resourceCounts: Readonly<Record<string, number>>; completedAt: string }
>;
export type PluginRunFailed = JobEventOf<'PluginRunFailed', { jobId: string; plugin: string; error: JobError; failedAt: string }>;
export type DiscoveryFinished = JobEventOf<
  'DiscoveryFinished',
  {
    jobId: string;
    tenantId: string;
    runs: readonly PluginRunOutput[];
    finishedAt: string;
    /**
     * When the job started. Reconcile removes only nodes no job has seen since then, so a job
     * running beside another over the same scope does not remove what the other saw after it
     * started. Absent from events stored before it was added: reconcile then removes every node
     * of the scope this job did not see.
     */
    startedAt?: string;
  }
>;
/**
 * Inventory's progress through a finished discovery's batches (it ingests them as they arrive,
 * and may still be at it when the plugins are done); recorded now and then while it catches up.
 */
export type InventoryProgressed = JobEventOf<'InventoryProgressed', { jobId: string; batchesIngested: number; batchesTotal: number; at: string }>;
export type InventoryReconciled = JobEventOf<
  'InventoryReconciled',
  {
    jobId: string;
    nodesDiscovered: number;
    nodesUpdated: number;
    nodesRemoved: number;
    edgesCreated: number;
    reconciledAt: string;
    /**
     * Other jobs that saw nodes of this job's scopes after it started (at most a few ids): nodes
     * they saw that this job did not were kept rather than removed. Each job's figures count
     * what it saw itself. Absent when no other job did.
     */
    concurrentJobs?: string[];
  }
>;
/** The audit's progress through a reconciled job's nodes; recorded now and then on a large job. */
export type AuditProgressed = JobEventOf<'AuditProgressed', { jobId: string; nodesAudited: number; nodesTotal: number; at: string }>;
export type AuditCompleted = JobEventOf<
  'AuditCompleted',
  { jobId: string; findingsCreated: number; findingsResolved: number; auditedAt: string; estimatedMonthlySavings?: number; currency?: string }
>;
export type JobCompleted = JobEventOf<'JobCompleted', { jobId: string; stats: JobStats; completedAt: string }>;
export type JobFailed = JobEventOf<'JobFailed', { jobId: string; error: JobError; failedAt: string }>;
export type JobCancelled = JobEventOf<'JobCancelled', { jobId: string; cancelledAt: string }>;
/**
 * What a job that failed or was cancelled kept: the statistics of what inventory had ingested
 * for it (nothing was audited, so no findings). Recorded after the job ended, again when batches
 * still on their way when it ended add to it; each one replaces the one before.
 */
export type PartialStatsRecorded = JobEventOf<'PartialStatsRecorded', { jobId: string; stats: JobStats; recordedAt: string }>;

export type JobEvent =
  | JobRequested
  | JobStarted
  | JobStillQueued
  | PluginRunStarted
  | PluginRunProgressed
  | PluginRunCompleted
  | PluginRunFailed
  | DiscoveryFinished
  | InventoryProgressed
  | InventoryReconciled
  | AuditProgressed
  | AuditCompleted
  | JobCompleted
  | JobFailed
  | JobCancelled
  | PartialStatsRecorded;

export type JobEventType = JobEvent['type'];

/** The events that end a job: nothing of it runs after one of them. */
export const JOB_END_EVENT_TYPES: readonly JobEventType[] = ['JobCompleted', 'JobFailed', 'JobCancelled'];
export const isJobEndEvent = (type: string): boolean => (JOB_END_EVENT_TYPES as readonly string[]).includes(type);

/** Event category used in `events.<tenant>.<category>.<type>` subjects and stream names. */
export const JOB_CATEGORY = 'job';
export const jobStreamName = (jobId: string): string => `${JOB_CATEGORY}-${jobId}`;
