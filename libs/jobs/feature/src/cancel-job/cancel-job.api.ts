import { Inject, Injectable } from '@nestjs/common';
import { expectJob, OrchestratorRequests } from '../http/orchestrator-requests';
import type { PublicJob } from '../read-model/job-queries';

/** The gateway's side of cancelling a job: asks the orchestrator, then waits to read it cancelled. */
@Injectable()
export class CancelJobApi {
  constructor(@Inject(OrchestratorRequests) private readonly orchestrator: OrchestratorRequests) {}

  async cancel(tenantId: string, jobId: string): Promise<PublicJob> {
    const job = expectJob(await this.orchestrator.cancel({ tenantId, jobId }));
    await this.orchestrator.untilProjected(tenantId, jobId, job.status);
    return job;
  }
}
