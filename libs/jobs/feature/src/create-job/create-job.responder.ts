import { subjects } from '@strata/contracts';
import type { MessagingClient, Responder } from '@strata/platform-messaging';
import type { JobRpcReply } from '../orchestrator/job-rpc-reply';
import type { CreateJobHandler } from './create-job.handler';
import type { CreateJobRpc } from './create-job.message';

/** Answers `rpc.jobs.create` (request/reply: the gateway waits for the job). */
export function serveCreateJob(messaging: MessagingClient, handler: CreateJobHandler): Responder {
  return messaging.serve<CreateJobRpc, JobRpcReply>(subjects.jobCommand('create'), ({ data }) => handler.handle(data));
}
