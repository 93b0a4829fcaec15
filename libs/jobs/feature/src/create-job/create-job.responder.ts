import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { subjects } from '@strata/contracts';
import type { JobRpcReply } from '../orchestrator/job-rpc-reply';
import { CreateJobHandler } from './create-job.handler';
import type { CreateJobRpc } from './create-job.message';

/** Answers `rpc.jobs.create` (request/reply: the gateway waits for the job). */
@Controller()
export class CreateJobResponder {
  constructor(@Inject(CreateJobHandler) private readonly handler: CreateJobHandler) {}

  @MessagePattern(subjects.jobCommand('create'))
  create(@Payload() request: CreateJobRpc): Promise<JobRpcReply> {
    return this.handler.handle(request);
  }
}
