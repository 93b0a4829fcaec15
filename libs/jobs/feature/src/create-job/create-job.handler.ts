import { IdempotencyKeyReusedError, isReplayOf, JobAlreadyExistsError, type JobCommand, type JobView } from '@strata/jobs-domain';
import { DomainError } from '@strata/shared-domain';
import { foldJobView, type JobCommandHandler } from '../orchestrator/job-command-handler';
import { refusal, type JobRpcReply } from '../orchestrator/job-rpc-reply';
import { toPublicJob } from '../read-model/job-queries';
import type { CreateJobRpc } from './create-job.message';

/** Creates and starts a job (the orchestrator's side of `POST .../jobs`). */
export class CreateJobHandler {
  constructor(
    private readonly commands: JobCommandHandler,
    private readonly now: () => Date,
  ) {}

  async handle(request: CreateJobRpc): Promise<JobRpcReply> {
    const existing = await this.commands.view(request.jobId);
    if (existing) return answerDuplicate(existing, request);
    const { tenantId, jobId, name, plugins, credentialId, config, pluginConfigs, pluginCredentials, requestHash } = request;
    const command: JobCommand = {
      type: 'CreateJob',
      jobId,
      tenantId,
      name,
      plugins,
      credentialId,
      config,
      pluginConfigs,
      ...(pluginCredentials ? { pluginCredentials } : {}),
      ...(requestHash ? { requestHash } : {}),
      now: this.now().toISOString(),
    };
    try {
      const view = foldJobView((await this.commands.execute(jobId, command, { tenantId })).events);
      return view ? { ok: true, job: toPublicJob(view) } : refusal({ code: 'job_not_found', message: 'job not found' });
    } catch (error) {
      // The same Idempotency-Key sent twice at once: the other request created the job first.
      if (error instanceof JobAlreadyExistsError) return answerDuplicate((await this.commands.view(jobId))!, request);
      if (error instanceof DomainError) return refusal(error);
      throw error;
    }
  }
}

/**
 * A create for a job id that exists: the same request again is answered with that job, marked as
 * a replay so the gateway says so (a duplicate sent at the same time as the first never sees the
 * job in the read model, so only this answer can tell it).
 */
function answerDuplicate(existing: JobView, request: CreateJobRpc): JobRpcReply {
  if (isReplayOf(existing, request)) return { ok: true, job: toPublicJob(existing), replayed: true };
  return refusal(new IdempotencyKeyReusedError());
}
