import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { acceptingListEnvelope, ApiRoute, Permissions, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { findingDetailSchema, findingIdSchema, findingListSchema, findingsSummarySchema, listFindingsQuerySchema, type ListFindingsQuery } from '../findings-api.schemas';
import { FindingsApiService } from '../findings-api.service';

@Controller('api/v1/tenants/:tenantID/findings')
@RequirePermissions(Permissions.findingsRead)
export class FindingsController {
  constructor(@Inject(FindingsApiService) private readonly api: FindingsApiService) {}

  @Get()
  @ApiRoute({
    summary: 'List findings',
    description:
      'Open findings by default (status=open; muted ones only with status=muted or all). Filters combine (all must hold); ' +
      'framework (and control) stands for the rules the built-in packs map to it. Keyset pages: pass page.next_cursor as cursor ' +
      'with the same filters and sort until has_more is false. total and estimated_monthly_savings cover every page.',
    tags: ['findings'],
    operationId: 'listFindings',
    responses: { 200: findingListSchema },
    errors: [400, 401, 403],
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(acceptingListEnvelope(listFindingsQuerySchema)) query: ListFindingsQuery) {
    return this.api.findings.list(tenantId, query);
  }

  @Get('summary')
  @ApiRoute({
    summary: 'Findings at a glance',
    description: 'Open findings per severity and kind, findings per status, the savings of the open cost findings and the rules with the most open findings.',
    tags: ['findings'],
    operationId: 'getFindingsSummary',
    responses: { 200: findingsSummarySchema },
    errors: [401, 403],
  })
  summary(@ZodParam('tenantID', idSchema) tenantId: string) {
    return this.api.summary.get(tenantId);
  }

  @Get(':findingID')
  @ApiRoute({
    summary: 'Get a finding',
    description: 'The finding id (`<rule id>:<node id>`) is URL-encoded in the path. With its rule\'s description, remediation and references, and its history.',
    tags: ['findings'],
    operationId: 'getFinding',
    responses: { 200: findingDetailSchema },
    errors: [401, 403, 404],
  })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('findingID', findingIdSchema) findingId: string) {
    return this.api.details.get(tenantId, findingId);
  }
}
