import { Controller, Delete, Get, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  createJobRequestSchema,
  idSchema,
  isTerminalStatus,
  jobListSchema,
  jobSchema,
  listJobsQuerySchema,
  type CreateJobRequest,
  type ListJobsQuery,
} from '@strata/contracts';
import { MessagingClient } from '@strata/platform-messaging';
import { ApiRoute, DownstreamUnavailableError, Permissions, RequestValidationError, RequirePermissions, ZodBody, ZodParam, ZodQuery } from '@strata/platform-http';
import { streamJobLog } from './job-log-stream';
import { JobsApiService } from './jobs-api.service';

const idempotencyKeySchema = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

@Controller('api/v1/tenants/:tenantID/jobs')
export class JobsController {
  constructor(
    @Inject(JobsApiService) private readonly jobs: JobsApiService,
    @Inject(MessagingClient) private readonly messaging: MessagingClient,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermissions(Permissions.jobsCreate)
  @ApiRoute({
    summary: 'Create and start a discovery job',
    description:
      'Runs the plugins against the credential. `config` is flat for one plugin or keyed by plugin id. Secrets given inline ' +
      '(e.g. a kubeconfig) are moved into a credential of the job, deleted once it ends, and redacted. With an `Idempotency-Key` header, the same key and body ' +
      'return the same job; the same key with another body is a 409.',
    tags: ['jobs'],
    operationId: 'createJob',
    responses: { 201: jobSchema },
    errors: [409, 503],
  })
  async create(
    @ZodParam('tenantID', idSchema) tenantId: string,
    @ZodBody(createJobRequestSchema) request: CreateJobRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = idempotencyKey === undefined ? undefined : idempotencyKeySchema.safeParse(idempotencyKey);
    if (key && !key.success) throw new RequestValidationError('Invalid Idempotency-Key header', [{ path: 'Idempotency-Key', message: key.error.issues[0]!.message }]);
    const created = await this.jobs.create(tenantId, request, key?.data);
    if (created.replayed) void reply.header('idempotent-replayed', 'true');
    return created.job;
  }

  @Get()
  @RequirePermissions(Permissions.jobsRead)
  @ApiRoute({
    summary: 'List discovery jobs',
    description: 'Numbered pages (`page`, `per_page`) as in the seed, or keyset paging (`cursor`, `limit`, `next_cursor`) for long histories.',
    tags: ['jobs'],
    operationId: 'listJobs',
    responses: { 200: jobListSchema },
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(listJobsQuerySchema) query: ListJobsQuery) {
    return this.jobs.list(tenantId, query);
  }

  @Get(':jobID')
  @RequirePermissions(Permissions.jobsRead)
  @ApiRoute({ summary: 'Get job status and details', tags: ['jobs'], operationId: 'getJob', responses: { 200: jobSchema } })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('jobID', idSchema) jobId: string) {
    return this.jobs.get(tenantId, jobId);
  }

  @Delete(':jobID')
  @RequirePermissions(Permissions.jobsCancel)
  @ApiRoute({
    summary: 'Cancel a pending or running job',
    description: 'Running plugins stop promptly; data already discovered is kept. A job that already ended answers 409.',
    tags: ['jobs'],
    operationId: 'cancelJob',
    responses: { 200: jobSchema },
    errors: [409, 503],
  })
  cancel(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('jobID', idSchema) jobId: string) {
    return this.jobs.cancel(tenantId, jobId);
  }

  @Get(':jobID/stream')
  @RequirePermissions(Permissions.jobsRead)
  @ApiRoute({
    summary: 'Stream job logs (Server-Sent Events)',
    description:
      'Lines `data: {"ts","level","msg"}`, each with an `id:` that is its position in the job\'s log (1, 2, 3 …); replays from ' +
      'the start (or after the line `Last-Event-ID` names), follows live, and ends after the job\'s closing line. A `Last-Event-ID` ' +
      'at or past the closing line of an ended job (what an EventSource sends when it reconnects after the end) is answered 204, ' +
      'which tells an EventSource to stop reconnecting.',
    tags: ['jobs'],
    operationId: 'streamJobLogs',
    responses: {
      200: { description: 'text/event-stream' },
      204: { description: 'The job has ended and the client already has its closing line' },
    },
  })
  async stream(
    @ZodParam('tenantID', idSchema) tenantId: string,
    @ZodParam('jobID', idSchema) jobId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.jobs.get(tenantId, jobId); // 404 before the stream starts
    // The log is read from NATS: while it is down, a 503 now rather than an open stream that waits.
    if (!this.messaging.connected) throw new DownstreamUnavailableError('nats');
    const after = lastEventId !== undefined && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : undefined;
    reply.hijack();
    await streamJobLog(this.messaging, reply.raw, {
      tenantId,
      jobId,
      ...(after !== undefined ? { afterLine: after } : {}),
      isTerminal: async () => isTerminalStatus((await this.jobs.get(tenantId, jobId)).status),
    });
  }
}
