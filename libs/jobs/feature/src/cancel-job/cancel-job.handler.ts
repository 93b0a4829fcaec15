import { JobNotFoundError } from '@strata/jobs-domain';
import { DomainError } from '@strata/shared-domain';
import type { JobCommandHandler } from '../orchestrator/job-command-handler';
import { refusal, type JobRpcReply } from '../orchestrator/job-rpc-reply';
import { toPublicJob } from '../read-model/job-queries';
import type { CancelJobRpc } from './cancel-job.message';

/**
 * Cancels a job (the orchestrator's side of `DELETE .../jobs/{id}`): `CancelJob` records
 * `JobCancelled` unless the job has ended (409 `job_terminal`). The workers hear of it from the
 * event and abort their runs; inventory counts what the job kept.
 */
export class CancelJobHandler {
  constructor(
    private readonly commands: JobCommandHandler,
    private readonly now: () => Date,
  ) {}

  async handle({ tenantId, jobId }: CancelJobRpc): Promise<JobRpcReply> {
    const view = await this.commands.view(jobId);
    if (!view || view.tenant_id !== tenantId) return refusal(JobNotFoundError.inTenant(tenantId, jobId));
    try {
      await this.commands.execute(jobId, { type: 'CancelJob', now: this.now().toISOString() }, { tenantId });
    } catch (error) {
      if (error instanceof DomainError) return refusal(error);
      throw error;
    }
    const cancelled = await this.commands.view(jobId);
    return cancelled ? { ok: true, job: toPublicJob(cancelled) } : refusal(JobNotFoundError.inTenant(tenantId, jobId));
  }
}
