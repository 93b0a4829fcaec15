import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { answerNextCursorList, ApiRoute, listOrEnvelopeSchema, Permissions, RequirePermissions, withListEnvelope, ZodParam, ZodQuery } from '@strata/platform-http';
import type { z } from 'zod';
import { graphEdgeListSchema, graphEdgeSchema, listEdgesQuerySchema } from '../graph-api.schemas';
import { GraphApiService } from '../graph-api.service';

const listEdgesEnvelopeQuerySchema = withListEnvelope(listEdgesQuerySchema);

@Controller('api/v1/tenants/:tenantID/edges')
@RequirePermissions(Permissions.nodesRead)
export class EdgesController {
  constructor(@Inject(GraphApiService) private readonly graph: GraphApiService) {}

  @Get()
  @ApiRoute({
    summary: 'List edges',
    description: 'By id (from|type|to). `from` or `to` reads an index; `type` alone scans every edge a bounded chunk per request, so pages can be short: follow `next_cursor`. `envelope=true`: the same pages in the cursor envelope.',
    tags: ['graph'],
    operationId: 'listEdges',
    responses: { 200: listOrEnvelopeSchema(graphEdgeListSchema, graphEdgeSchema, 'GraphEdgeListEnvelope') },
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(listEdgesEnvelopeQuerySchema) query: z.output<typeof listEdgesEnvelopeQuerySchema>) {
    return answerNextCursorList('edges', query, ({ limit, cursor, type, ...ends }) =>
      this.graph.edges.list(tenantId, { ...ends, ...(type ? { types: type } : {}) }, { limit, ...(cursor !== undefined ? { cursor } : {}) }),
    );
  }
}
