import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CREDENTIAL_CATALOG,
  PLUGIN_CATALOG,
  subjects,
  type ConfigIssue,
  type CreateJobRequest,
  type CredentialCatalog,
  type CredentialKind,
  type JobListItem,
  type ListJobsQuery,
  type PluginCatalog,
} from '@strata/contracts';
import { MessagingClient, NoRespondersError, NotConnectedError, RequestTimeoutError } from '@strata/platform-messaging';
import { DownstreamUnavailableError, RequestValidationError } from '@strata/platform-http';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE } from '@strata/platform-runtime';
import { canonicalJson, DomainError } from '@strata/shared-domain';
import { IdempotencyKeyReusedError, isReplayOf, JobNotFoundError } from '@strata/jobs-domain';
import { planJob } from '../create-job/plan-job';
import type { CancelJobRpc } from '../cancel-job/cancel-job.message';
import type { CreateJobRpc } from '../create-job/create-job.message';
import type { JobRpcReply } from '../orchestrator/job-rpc-reply';
import { JobQueries, toPublicJob, type JobPage, type PublicJob } from '../read-model/job-queries';

const RPC_TIMEOUT_MS = 10_000;
/** How long a create waits for its job to reach the read model, so a GET right after finds it. */
const READ_YOUR_WRITES_MS = 5_000;

export interface CreatedJob {
  job: PublicJob;
  /** True when an Idempotency-Key retry answered with the job created before. */
  replayed: boolean;
}

/** The jobs API: validates at the edge, asks the orchestrator to act, reads the job read model. */
@Injectable()
export class JobsApiService {
  private readonly queries: JobQueries;

  constructor(
    @Inject(MessagingClient) private readonly messaging: MessagingClient,
    @Inject(READ_STORE) readStore: ReadStore,
    @Inject(PLUGIN_CATALOG) private readonly plugins: PluginCatalog,
    @Inject(CREDENTIAL_CATALOG) private readonly credentials: CredentialCatalog,
  ) {
    this.queries = new JobQueries(readStore);
  }

  async create(tenantId: string, request: CreateJobRequest, idempotencyKey?: string): Promise<CreatedJob> {
    const planned = planJob(request, this.plugins);
    if (!planned.ok) throw invalid(planned.issues);
    const { plan } = planned;

    const credential = await this.credentials.get(tenantId, request.credential_id);
    if (!credential) throw invalid([{ path: 'credential_id', message: `tenant ${tenantId} has no credential "${request.credential_id}"` }]);
    const misfits = request.plugins
      .filter((plugin) => !plan.inlineSecrets[plugin] && !this.plugins.get(plugin)!.credential_kinds.includes(credential.kind))
      .map((plugin) => ({ path: 'credential_id', message: `a ${credential.kind} credential cannot be used by the ${plugin} plugin` }));
    if (misfits.length > 0) throw invalid(misfits);

    const jobId = idempotencyKey ? `job-${digest(`${tenantId}\n${idempotencyKey}`).slice(0, 16)}` : `job-${randomBytes(8).toString('hex')}`;
    const requestHash = idempotencyKey ? digest(canonicalJson(request)) : undefined;
    // Answered here when the read model has the job already, before inline secrets would be
    // stored again; duplicates sent at the same time are told apart by the orchestrator, by the
    // same rule.
    const existing = requestHash ? await this.queries.get(tenantId, jobId) : undefined;
    if (existing) {
      if (!isReplayOf(existing, { tenantId, requestHash })) throw new IdempotencyKeyReusedError();
      return { job: toPublicJob(existing), replayed: true };
    }

    const pluginCredentials: Record<string, string> = {};
    for (const [plugin, secret] of Object.entries(plan.inlineSecrets)) {
      const kind = this.plugins.get(plugin)!.credential_kinds[0] as CredentialKind;
      const inline = await this.credentials.createInline(tenantId, { jobId, plugin, kind, secret });
      pluginCredentials[plugin] = inline.id;
    }

    const rpc: CreateJobRpc = {
      tenantId,
      jobId,
      name: request.name,
      plugins: request.plugins,
      credentialId: request.credential_id,
      config: plan.redactedConfig,
      pluginConfigs: plan.pluginConfigs,
      ...(Object.keys(pluginCredentials).length > 0 ? { pluginCredentials } : {}),
      ...(requestHash ? { requestHash } : {}),
    };
    const reply = await this.ask<JobRpcReply>('create', rpc);
    const job = expectJob(reply);
    await this.untilProjected(tenantId, jobId);
    return { job, replayed: reply.ok && reply.replayed === true };
  }

  async get(tenantId: string, jobId: string): Promise<PublicJob> {
    const view = await this.queries.get(tenantId, jobId);
    if (!view) throw JobNotFoundError.inTenant(tenantId, jobId);
    return toPublicJob(view);
  }

  async list(tenantId: string, query: ListJobsQuery): Promise<Omit<JobPage, 'items'> & { items: JobListItem[] }> {
    const page = await this.queries.list(tenantId, query);
    return { ...page, items: page.items.map(toListItem) };
  }

  async cancel(tenantId: string, jobId: string): Promise<PublicJob> {
    const request: CancelJobRpc = { tenantId, jobId };
    const job = expectJob(await this.ask<JobRpcReply>('cancel', request));
    await this.untilProjected(tenantId, jobId, job.status);
    return job;
  }

  private async ask<T>(command: 'create' | 'cancel', payload: unknown): Promise<T> {
    try {
      // Someone waits on this answer: with NATS down, a 503 now rather than after the timeout.
      return await this.messaging.request<T>(subjects.jobCommand(command), payload, { timeoutMs: RPC_TIMEOUT_MS, waitForReconnect: false });
    } catch (error) {
      if (error instanceof RequestTimeoutError || error instanceof NoRespondersError || error instanceof NotConnectedError) {
        throw new DownstreamUnavailableError('job-orchestrator', { cause: error });
      }
      throw error;
    }
  }

  /** Waits briefly until the read model shows the job (in `status`, if given). */
  private async untilProjected(tenantId: string, jobId: string, status?: string): Promise<void> {
    const deadline = Date.now() + READ_YOUR_WRITES_MS;
    while (Date.now() < deadline) {
      const view = await this.queries.get(tenantId, jobId);
      if (view && (!status || view.status === status)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function expectJob(reply: JobRpcReply): PublicJob {
  if (!reply.ok) throw new DomainError(reply.code, reply.message);
  return reply.job;
}

function invalid(issues: readonly ConfigIssue[]): RequestValidationError {
  return new RequestValidationError('The job request is not valid', issues);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function toListItem(job: PublicJob): JobListItem {
  const { error, ...rest } = job;
  return { ...rest, plugins: [...rest.plugins], ...(error ? { error: error.message, error_code: error.code } : {}) } as JobListItem;
}
