import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { DIAGRAM_RESPONSE, sendDiagram } from '../diagram-reply';
import { jobDiagramQuerySchema, type JobDiagramQuery } from '../diagrams-api.schemas';
import { DiagramsApiService } from '../diagrams-api.service';

/** `GET /api/v1/tenants/{tenantID}/jobs/{jobID}/diagram`: the diagram of a job's scope. */
@Controller('api/v1/tenants/:tenantID/jobs')
export class JobDiagramController {
  constructor(@Inject(DiagramsApiService) private readonly api: DiagramsApiService) {}

  @Get(':jobID/diagram')
  @RequirePermissions(Permissions.nodesRead)
  @ApiRoute({
    summary: "Draw a job's scope",
    description:
      "The job's scope as the graph holds it now: an aws job's account and regions (the AWS diagram), a kubernetes job's cluster and namespaces, " +
      "a demo job's demo estate (drawn as AWS). 404 job_not_found for a job the tenant does not have; 400 nothing_to_draw for a job whose plugins " +
      'discover nothing a diagram draws.',
    tags: ['diagrams'],
    operationId: 'getJobDiagram',
    responses: { 200: DIAGRAM_RESPONSE },
    errors: [400, 401, 403, 404],
  })
  async draw(
    @ZodParam('tenantID', idSchema) tenantId: string,
    @ZodParam('jobID', idSchema) jobId: string,
    @ZodQuery(jobDiagramQuerySchema) query: JobDiagramQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendDiagram(reply, await this.api.diagrams.job(tenantId, jobId), query.format);
  }
}
