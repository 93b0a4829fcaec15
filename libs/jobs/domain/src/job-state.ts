import type { InventoryFigures, JobError, JobPhase, JobStats, JobStatus, PluginRunOutput } from '@strata/contracts';

export type PluginRunStatus = 'pending' | 'running' | 'completed' | 'failed';

export interface PluginRunState {
  status: PluginRunStatus;
  attempt: number;
  resourceCounts: Readonly<Record<string, number>>;
  /** Set when the run completed: what it published, for inventory. */
  output?: PluginRunOutput;
}

export interface ExistingJob {
  kind: 'job';
  jobId: string;
  tenantId: string;
  status: JobStatus;
  phase: JobPhase;
  plugins: Readonly<Record<string, PluginRunState>>;
  /** When the job was started, its work handed to the workers (what reconcile keeps sightings since). */
  startedAt?: string;
  /** When a worker first took one of its runs: what `started_at` shows and the duration counts from. */
  runningSince?: string;
  /** Set once the job's log said why it is still pending. */
  queueNoted?: boolean;
  /** Batches of the finished discovery inventory last said it had ingested. */
  batchesIngested?: number;
  /** Nodes the audit last said it had evaluated. */
  nodesAudited?: number;
  inventory?: InventoryFigures;
  error?: JobError;
  /** When it failed or was cancelled. */
  endedAt?: string;
  /** The statistics last recorded for what it kept after it failed or was cancelled. */
  partialStats?: JobStats;
}

/** Before `JobRequested` there is no job: every command but CreateJob is refused. */
export type JobState = { kind: 'none' } | ExistingJob;
