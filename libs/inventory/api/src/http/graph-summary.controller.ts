import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { graphSummarySchema } from '../graph-api.schemas';
import { GraphApiService } from '../graph-api.service';

@Controller('api/v1/tenants/:tenantID/graph')
@RequirePermissions(Permissions.nodesRead)
export class GraphSummaryController {
  constructor(@Inject(GraphApiService) private readonly graph: GraphApiService) {}

  @Get('summary')
  @ApiRoute({
    summary: 'Count active nodes by provider, type, account and region',
    description: 'As of the last reconciled discovery job (`computed_at`): refreshed at the end of every job, read as one document.',
    tags: ['graph'],
    operationId: 'getGraphSummary',
    responses: { 200: graphSummarySchema },
  })
  summary(@ZodParam('tenantID', idSchema) tenantId: string) {
    return this.graph.summary.get(tenantId);
  }
}
