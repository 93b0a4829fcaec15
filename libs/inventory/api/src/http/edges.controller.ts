import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { graphEdgeListSchema, listEdgesQuerySchema, type ListEdgesQuery } from '../graph-api.schemas';
import { GraphApiService } from '../graph-api.service';

@Controller('api/v1/tenants/:tenantID/edges')
@RequirePermissions(Permissions.nodesRead)
export class EdgesController {
  constructor(@Inject(GraphApiService) private readonly graph: GraphApiService) {}

  @Get()
  @ApiRoute({
    summary: 'List edges',
    description: 'By id (from|type|to). `from` or `to` reads an index; `type` alone scans every edge a bounded chunk per request, so pages can be short: follow `next_cursor`.',
    tags: ['graph'],
    operationId: 'listEdges',
    responses: { 200: graphEdgeListSchema },
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(listEdgesQuerySchema) query: ListEdgesQuery) {
    const { limit, cursor, type, ...ends } = query;
    return this.graph.edges.list(tenantId, { ...ends, ...(type ? { types: type } : {}) }, { limit, ...(cursor !== undefined ? { cursor } : {}) });
  }
}
