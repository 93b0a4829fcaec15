import type { PublicJob } from '../read-model/job-queries';

/**
 * What the orchestrator answers a create or cancel with. Domain refusals travel as data, so the
 * gateway can map them to statuses; only faults are errors. `replayed`: a create answered with
 * the job an earlier create (same Idempotency-Key and body) made.
 */
export type JobRpcReply = { ok: true; job: PublicJob; replayed?: true } | { ok: false; code: string; message: string };

/** A domain refusal as a reply. */
export const refusal = ({ code, message }: { code: string; message: string }): JobRpcReply => ({ ok: false, code, message });
