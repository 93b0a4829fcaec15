import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import {
  answerNextCursorList,
  answerUnpagedListAsync,
  ApiRoute,
  listOrEnvelopeSchema,
  Permissions,
  RequirePermissions,
  unpagedListQuerySchema,
  withListEnvelope,
  ZodParam,
  ZodQuery,
  type UnpagedListQuery,
} from '@strata/platform-http';
import type { z } from 'zod';
import {
  graphNodeDetailSchema,
  graphNodeListSchema,
  graphNodeSchema,
  listNodesQuerySchema,
  neighborsQuerySchema,
  neighborsSchema,
  nodeDetailQuerySchema,
  nodeHistoryEntrySchema,
  nodeHistorySchema,
  nodeIdSchema,
  type NeighborsQuery,
  type NodeDetailQuery,
} from '../graph-api.schemas';
import { GraphApiService } from '../graph-api.service';

const listNodesEnvelopeQuerySchema = withListEnvelope(listNodesQuerySchema);

@Controller('api/v1/tenants/:tenantID/nodes')
@RequirePermissions(Permissions.nodesRead)
export class NodesController {
  constructor(@Inject(GraphApiService) private readonly graph: GraphApiService) {}

  @Get()
  @ApiRoute({
    summary: 'List discovered nodes',
    description:
      'Filters combine (all must hold). Keyset pages: pass `next_cursor` as `cursor` with the same filters until it is absent. ' +
      'Order: by type then id when filtering by type or provider; by name then id when filtering by name_prefix without ' +
      'type, provider, account or region; by id otherwise. Filters no index serves (tag, last_seen_job, and the others beside ' +
      'the first one above) are checked node by node within a bounded scan, so a page can be shorter than limit. ' +
      '`envelope=true`: the same pages in the cursor envelope (`has_more` while more may follow).',
    tags: ['graph'],
    operationId: 'listNodes',
    responses: { 200: listOrEnvelopeSchema(graphNodeListSchema, graphNodeSchema, 'GraphNodeListEnvelope') },
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(listNodesEnvelopeQuerySchema) query: z.output<typeof listNodesEnvelopeQuerySchema>) {
    return answerNextCursorList('nodes', query, (own) => this.graph.nodes.list(tenantId, own));
  }

  @Get(':nodeID')
  @ApiRoute({
    summary: 'Get a node with its edges',
    description: 'The node id is URL-encoded in the path (ARNs hold "/" and ":"). Edges: the first `edges_limit` active edges each way, with a link to the rest.',
    tags: ['graph'],
    operationId: 'getNode',
    responses: { 200: graphNodeDetailSchema },
  })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('nodeID', nodeIdSchema) nodeId: string, @ZodQuery(nodeDetailQuerySchema) query: NodeDetailQuery) {
    return this.graph.details.get(tenantId, nodeId, query.edges_limit);
  }

  @Get(':nodeID/neighbors')
  @ApiRoute({
    summary: 'What is attached to a node',
    description: 'Nodes reachable over active edges within `depth` hops (at most 3), at most `limit` of them (500); `truncated` says there were more.',
    tags: ['graph'],
    operationId: 'getNodeNeighbors',
    responses: { 200: neighborsSchema },
  })
  neighbors(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('nodeID', nodeIdSchema) nodeId: string, @ZodQuery(neighborsQuerySchema) query: NeighborsQuery) {
    return this.graph.neighbors.traverse(tenantId, nodeId, {
      depth: query.depth,
      limit: query.limit,
      direction: query.direction,
      ...(query.edge_type ? { edgeTypes: query.edge_type } : {}),
    });
  }

  @Get(':nodeID/history')
  @ApiRoute({
    summary: "A node's changes",
    description:
      'Created, updated (naming the changed fields), removed and restored, with the job and time; newest first, the last 50. ' +
      '`envelope=true`: the changes in the cursor envelope (one page unless `limit` is given).',
    tags: ['graph'],
    operationId: 'getNodeHistory',
    responses: { 200: listOrEnvelopeSchema(nodeHistorySchema, nodeHistoryEntrySchema, 'NodeHistoryEnvelope') },
  })
  history(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('nodeID', nodeIdSchema) nodeId: string, @ZodQuery(unpagedListQuerySchema) query: UnpagedListQuery) {
    return answerUnpagedListAsync(query, {
      id: 'node-history',
      own: () => this.graph.history.get(tenantId, nodeId),
      items: (own) => own.items,
      keyOf: (entry) => `${entry.at}|${entry.change}|${entry.job_id}|${(entry.changed ?? []).join(',')}`,
    });
  }
}
