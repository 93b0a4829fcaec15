import type { CreateJobRequest, JobView } from './jobs';

export interface CreateJobOptions {
  /** The same key (and body) again answers with the job created before, never a second job. */
  idempotencyKey?: string;
  /**
   * Wait (briefly) until the job read model shows the job, so a GET right after finds it.
   * Default true; a caller that only needs the job's id (the scheduler) skips the wait.
   */
  awaitReadModel?: boolean;
}

export interface CreatedJob {
  /** The job as `GET /jobs/{id}` shows it (`jobSchema`). */
  job: Omit<JobView, 'plugins'> & { readonly plugins: readonly string[] };
  /** True when the Idempotency-Key found the job created before. */
  replayed: boolean;
}

/**
 * Creating a discovery job as `POST /jobs` does: validated (plugins, config, the tenant's
 * credential), deduplicated by Idempotency-Key, then asked of the orchestrator. Implemented by the
 * jobs context; injected under {@link JOB_CREATOR} where another context starts jobs (schedules).
 * Refusals throw: a 400 `RequestValidationError` with details, a `DomainError` (its code), or
 * `DownstreamUnavailableError` when the orchestrator did not answer.
 */
export interface JobCreator {
  create(tenantId: string, request: CreateJobRequest, options?: CreateJobOptions): Promise<CreatedJob>;
}

export const JOB_CREATOR = Symbol.for('strata:JobCreator');
