import { Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { createJobRequestSchema, idSchema, jobSchema, type CreateJobRequest } from '@strata/contracts';
import { ApiRoute, Permissions, RequestValidationError, RequirePermissions, ZodBody, ZodParam } from '@strata/platform-http';
import { CreateJobApi } from './create-job.api';

const idempotencyKeySchema = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** `POST /api/v1/tenants/{tenantID}/jobs`. */
@Controller('api/v1/tenants/:tenantID/jobs')
export class CreateJobController {
  constructor(@Inject(CreateJobApi) private readonly createJob: CreateJobApi) {}

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
    const created = await this.createJob.create(tenantId, request, key ? { idempotencyKey: key.data } : {});
    if (created.replayed) void reply.header('idempotent-replayed', 'true');
    return created.job;
  }
}
