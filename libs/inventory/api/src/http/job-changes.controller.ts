import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { acceptingListEnvelope, ApiRoute, Permissions, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { GraphApiService } from '../graph-api.service';
import { jobChangeListSchema, jobChangeSummarySchema, jobIdParamSchema, listJobChangesQuerySchema, type ListJobChangesQuery } from '../job-changes/job-changes.schemas';

/** What a job changed in the graph: `GET .../jobs/{jobID}/changes` and `.../changes/summary`. */
@Controller('api/v1/tenants/:tenantID/jobs/:jobID/changes')
@RequirePermissions(Permissions.nodesRead)
export class JobChangesController {
  constructor(@Inject(GraphApiService) private readonly graph: GraphApiService) {}

  @Get()
  @ApiRoute({
    summary: 'What a job changed',
    description:
      'The nodes the job added, changed (each changed field with its old and new value, at most 50 fields and 1,024 characters of JSON per value, ' +
      '`truncated` saying when cut) and removed, and the edges it added and removed. Filters combine. Keyset pages: pass `page.next_cursor` as ' +
      '`cursor` with the same filters until `has_more` is false. Order: changed, restored and removed nodes and edges by id, then added nodes, then added edges.',
    tags: ['graph'],
    operationId: 'listJobChanges',
    responses: { 200: jobChangeListSchema },
    errors: [400, 404],
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('jobID', jobIdParamSchema) jobId: string, @ZodQuery(acceptingListEnvelope(listJobChangesQuerySchema)) query: ListJobChangesQuery) {
    return this.graph.changes.list(tenantId, jobId, query);
  }

  @Get('summary')
  @ApiRoute({
    summary: "A job's changes counted",
    description: 'Nodes added, changed and removed and edges added and removed, in all, per kind and type, and per scope. `complete` is false while the job still runs.',
    tags: ['graph'],
    operationId: 'getJobChangeSummary',
    responses: { 200: jobChangeSummarySchema },
    errors: [404],
  })
  summary(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('jobID', jobIdParamSchema) jobId: string) {
    return this.graph.changeSummary.require(tenantId, jobId);
  }
}
