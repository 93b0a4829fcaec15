import type { PublicJob } from '../read-model/job-queries';

/** `rpc.jobs.create`: the gateway has validated everything and moved inline secrets out. */
export interface CreateJobRpc {
  tenantId: string;
  jobId: string;
  name: string;
  plugins: string[];
  credentialId: string;
  config: Record<string, unknown>;
  pluginConfigs: Record<string, Record<string, unknown>>;
  pluginCredentials?: Record<string, string>;
  requestHash?: string;
}

/** `rpc.jobs.cancel`. */
export interface CancelJobRpc {
  tenantId: string;
  jobId: string;
}

/**
 * Domain refusals travel as data, so the gateway can map them to statuses; only faults are errors.
 * `replayed`: a create answered with the job an earlier create (same Idempotency-Key and body) made.
 */
export type JobRpcReply = { ok: true; job: PublicJob; replayed?: true } | { ok: false; code: string; message: string };
