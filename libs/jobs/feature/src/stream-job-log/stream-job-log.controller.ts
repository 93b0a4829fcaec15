import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { idSchema, isTerminalStatus } from '@strata/contracts';
import { ApiRoute, DownstreamUnavailableError, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { MessagingClient } from '@strata/platform-messaging';
import { JobReader } from '../http/job-reader';
import { streamJobLog } from './job-log-stream';

/** `GET /api/v1/tenants/{tenantID}/jobs/{jobID}/stream`: the job's log as Server-Sent Events. */
@Controller('api/v1/tenants/:tenantID/jobs')
export class StreamJobLogController {
  constructor(
    @Inject(JobReader) private readonly jobs: JobReader,
    @Inject(MessagingClient) private readonly messaging: MessagingClient,
  ) {}

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
