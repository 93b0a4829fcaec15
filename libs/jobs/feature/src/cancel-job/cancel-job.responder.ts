import { subjects } from '@strata/contracts';
import type { MessagingClient, Responder } from '@strata/platform-messaging';
import type { JobRpcReply } from '../orchestrator/job-rpc-reply';
import type { CancelJobHandler } from './cancel-job.handler';
import type { CancelJobRpc } from './cancel-job.message';

/** Answers `rpc.jobs.cancel`. */
export function serveCancelJob(messaging: MessagingClient, handler: CancelJobHandler): Responder {
  return messaging.serve<CancelJobRpc, JobRpcReply>(subjects.jobCommand('cancel'), ({ data }) => handler.handle(data));
}
