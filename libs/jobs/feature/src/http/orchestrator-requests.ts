import { Inject, Injectable } from '@nestjs/common';
import { subjects } from '@strata/contracts';
import { DownstreamUnavailableError } from '@strata/platform-http';
import { MessagingClient, NoRespondersError, NotConnectedError, RequestTimeoutError } from '@strata/platform-messaging';
import { DomainError } from '@strata/shared-domain';
import type { CancelJobRpc } from '../cancel-job/cancel-job.message';
import type { CreateJobRpc } from '../create-job/create-job.message';
import type { JobRpcReply } from '../orchestrator/job-rpc-reply';
import type { PublicJob } from '../read-model/job-queries';
import { JobReader } from './job-reader';

const RPC_TIMEOUT_MS = 10_000;
/** How long a create or cancel waits for its job to reach the read model, so a GET right after finds it. */
const READ_YOUR_WRITES_MS = 5_000;

/** The gateway's side of the orchestrator's request/reply commands (create, cancel). */
@Injectable()
export class OrchestratorRequests {
  constructor(
    @Inject(MessagingClient) private readonly messaging: MessagingClient,
    @Inject(JobReader) private readonly jobs: JobReader,
  ) {}

  create(request: CreateJobRpc): Promise<JobRpcReply> {
    return this.ask('create', request);
  }

  cancel(request: CancelJobRpc): Promise<JobRpcReply> {
    return this.ask('cancel', request);
  }

  /** Waits briefly until the read model shows the job (in `status`, if given). */
  async untilProjected(tenantId: string, jobId: string, status?: string): Promise<void> {
    const deadline = Date.now() + READ_YOUR_WRITES_MS;
    while (Date.now() < deadline) {
      const view = await this.jobs.view(tenantId, jobId);
      if (view && (!status || view.status === status)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async ask(command: 'create' | 'cancel', payload: CreateJobRpc | CancelJobRpc): Promise<JobRpcReply> {
    try {
      // Someone waits on this answer: with NATS down, a 503 now rather than after the timeout.
      return await this.messaging.request<JobRpcReply>(subjects.jobCommand(command), payload, { timeoutMs: RPC_TIMEOUT_MS, waitForReconnect: false });
    } catch (error) {
      if (error instanceof RequestTimeoutError || error instanceof NoRespondersError || error instanceof NotConnectedError) {
        throw new DownstreamUnavailableError('job-orchestrator', { cause: error });
      }
      throw error;
    }
  }
}

/** The job a reply carries, or its refusal as the DomainError the API maps to a status. */
export function expectJob(reply: JobRpcReply): PublicJob {
  if (!reply.ok) throw new DomainError(reply.code, reply.message);
  return reply.job;
}
