import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  CREDENTIAL_CATALOG,
  PLUGIN_CATALOG,
  PLUGIN_CONFIG_DEFAULTS,
  type ConfigIssue,
  type CreatedJob,
  type CreateJobOptions,
  type CreateJobRequest,
  type CredentialCatalog,
  type CredentialKind,
  type JobCreator,
  type PluginCatalog,
  type PluginConfigDefaults,
} from '@strata/contracts';
import { IdempotencyKeyReusedError, isReplayOf } from '@strata/jobs-domain';
import { RequestValidationError } from '@strata/platform-http';
import { canonicalJson } from '@strata/shared-domain';
import { JobReader } from '../http/job-reader';
import { expectJob, OrchestratorRequests } from '../http/orchestrator-requests';
import { toPublicJob } from '../read-model/job-queries';
import type { CreateJobRpc } from './create-job.message';
import { planJob } from './plan-job';

/**
 * The gateway's side of creating a job: validates at the edge, then asks the orchestrator. Also
 * the jobs context's {@link JobCreator} (`JOB_CREATOR`), through which schedules start their jobs.
 */
@Injectable()
export class CreateJobApi implements JobCreator {
  constructor(
    @Inject(OrchestratorRequests) private readonly orchestrator: OrchestratorRequests,
    @Inject(JobReader) private readonly jobs: JobReader,
    @Inject(PLUGIN_CATALOG) private readonly plugins: PluginCatalog,
    @Inject(CREDENTIAL_CATALOG) private readonly credentials: CredentialCatalog,
    @Optional() @Inject(PLUGIN_CONFIG_DEFAULTS) private readonly defaults?: PluginConfigDefaults,
  ) {}

  async create(tenantId: string, request: CreateJobRequest, { idempotencyKey, awaitReadModel = true }: CreateJobOptions = {}): Promise<CreatedJob> {
    const planned = planJob(request, this.plugins, await this.tenantDefaults(tenantId, request.plugins));
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
    const existing = requestHash ? await this.jobs.view(tenantId, jobId) : undefined;
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
    const reply = await this.orchestrator.create(rpc);
    const job = expectJob(reply);
    if (awaitReadModel) await this.orchestrator.untilProjected(tenantId, jobId);
    return { job, replayed: reply.ok && reply.replayed === true };
  }

  /** The tenant's settings as config of the job's plugins (what the job sets wins over them). */
  private async tenantDefaults(tenantId: string, plugins: readonly string[]): Promise<Record<string, Readonly<Record<string, unknown>>>> {
    const defaults: Record<string, Readonly<Record<string, unknown>>> = {};
    if (!this.defaults) return defaults;
    for (const plugin of new Set(plugins)) defaults[plugin] = await this.defaults.forPlugin(tenantId, plugin);
    return defaults;
  }
}

function invalid(issues: readonly ConfigIssue[]): RequestValidationError {
  return new RequestValidationError('The job request is not valid', issues);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
