import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { subjects } from '@strata/contracts';
import type { JobRpcReply } from '../orchestrator/job-rpc-reply';
import { CancelJobHandler } from './cancel-job.handler';
import type { CancelJobRpc } from './cancel-job.message';

/** Answers `rpc.jobs.cancel` (request/reply: the gateway waits for the cancelled job). */
@Controller()
export class CancelJobResponder {
  constructor(@Inject(CancelJobHandler) private readonly handler: CancelJobHandler) {}

  @MessagePattern(subjects.jobCommand('cancel'))
  cancel(@Payload() request: CancelJobRpc): Promise<JobRpcReply> {
    return this.handler.handle(request);
  }
}
