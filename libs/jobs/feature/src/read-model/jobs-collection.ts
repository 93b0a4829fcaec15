import type { JobView } from '@strata/jobs-domain';
import { defineCollection } from '@strata/platform-read-store';

/** The job read model, per tenant: what the list and detail endpoints serve. */
export const jobsCollection = defineCollection<JobView>({
  name: 'jobs',
  indexes: { status: 'string', created_at: 'string', name: 'string' },
  compoundIndexes: [['status', 'created_at']],
});

/**
 * Jobs still running, across tenants, under the system tenant: the one place the orchestrator
 * looks for jobs whose workers went silent. Kept by the same projection.
 */
export interface ActiveJob {
  tenant_id: string;
  job_id: string;
  last_activity_at: string;
}

export const SYSTEM_TENANT = '_system';

export const activeJobsCollection = defineCollection<ActiveJob>({
  name: 'active_jobs',
  indexes: { last_activity_at: 'string' },
});

export const activeJobId = (tenantId: string, jobId: string): string => `${tenantId}:${jobId}`;

/**
 * Jobs no worker has taken yet whose log has not said why, across tenants, under the system
 * tenant: where the orchestrator looks for jobs queued long enough to explain. Kept by the same
 * projection, under the same ids as {@link activeJobsCollection}.
 */
export interface QueuedJob {
  tenant_id: string;
  job_id: string;
  plugins: readonly string[];
  /** When it was created (and handed to the workers' queues). */
  pending_since: string;
}

export const queuedJobsCollection = defineCollection<QueuedJob>({
  name: 'queued_jobs',
  indexes: { pending_since: 'string' },
});
