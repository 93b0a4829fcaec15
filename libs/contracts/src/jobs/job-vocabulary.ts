/** Job status values exactly as the public API documents them. */
export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Where a job is in its life; finer than status, shown in `progress.phase`. */
export const JOB_PHASES = ['pending', 'discovering', 'reconciling', 'auditing', 'completed', 'failed', 'cancelled'] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

/**
 * Why a job failed. The first five are the public API's documented codes; `worker_timeout` is a
 * job whose workers went silent, `plugin_error` a plugin that failed for any other reason.
 */
export const JOB_ERROR_CODES = [
  'insufficient_permissions',
  'invalid_credential',
  'rate_limited',
  'connection_refused',
  'node_limit_exceeded',
  'worker_timeout',
  'plugin_error',
] as const;
export type JobErrorCode = (typeof JOB_ERROR_CODES)[number];

export interface JobError {
  code: JobErrorCode;
  message: string;
}

/** The figures a finished job reports, named as the public API names them. */
export interface JobStats {
  nodes_discovered: number;
  nodes_updated: number;
  nodes_removed: number;
  edges_created: number;
  findings_created: number;
  findings_resolved: number;
  duration_seconds: number;
}

export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];
export const isTerminalStatus = (status: JobStatus): boolean => TERMINAL_STATUSES.includes(status);
