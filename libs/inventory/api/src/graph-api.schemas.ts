import { z } from 'zod';
import { fieldChangeSchema, wholeNumberParam } from '@strata/contracts';

/*
 * The Graph API's wire shapes: requests are validated with these (400 `validation_error` with
 * details otherwise), and the OpenAPI document is generated from them.
 */

const timestamp = z.iso.datetime().describe('ISO 8601, UTC');

/** Node ids are ARNs, Kubernetes uids...: anything but empty. In paths they are URL-encoded. */
export const nodeIdSchema = z.string().min(1).max(2048).describe('The node id, URL-encoded (ARNs hold "/" and ":")');

const MAX_LIST_VALUES = 20;

/** `?x=a&x=b` and `?x=a,b` alike: the values, trimmed, without empties. */
const listParam = (item: z.ZodString, max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(z.array(item).min(1).max(max));

/** `?x=a&x=b`, never split on commas (tag values may hold them). */
const repeatedParam = (item: z.ZodString, max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(item).min(1).max(max));

const tagFilterSchema = z.string().min(2).max(512).regex(/:/, 'a tag filter is key:value, e.g. env:prod');
const limitParam = (fallback: number, max: number) => wholeNumberParam({ min: 1, max, fallback });
const cursorParam = z.string().min(1).max(4096).optional().describe('next_cursor of the previous page (same filters)');
const statusParam = z.enum(['active', 'removed']).default('active').describe('active (default): nodes the last discovery saw; removed: nodes discovery no longer sees');

export const listNodesQuerySchema = z
  .object({
    provider: z.string().min(1).max(64).optional().describe('e.g. aws'),
    type: listParam(z.string().min(1).max(200), MAX_LIST_VALUES).optional().describe('Any of these types: type=a&type=b or type=a,b'),
    account: z.string().min(1).max(200).optional(),
    region: z.string().min(1).max(64).optional(),
    tag: repeatedParam(tagFilterSchema, 10).optional().describe('key:value; repeat for several, all must match: tag=env:prod&tag=team:web'),
    name_prefix: z.string().min(1).max(256).optional().describe('Names starting with this, case-sensitive'),
    status: statusParam,
    last_seen_job: z.string().min(1).max(128).optional().describe('Nodes whose latest sighting was this job'),
    limit: limitParam(50, 500),
    cursor: cursorParam,
  })
  .strict();

export type ListNodesQuery = z.infer<typeof listNodesQuerySchema>;

export const nodeStatusSchema = z.enum(['active', 'removed']);

export const graphNodeSchema = z
  .object({
    id: z.string(),
    type: z.string().describe('<provider>.<service>.<kind>, e.g. aws.ec2.instance'),
    provider: z.string(),
    name: z.string(),
    account: z.string().optional(),
    region: z.string().optional(),
    tags: z.record(z.string(), z.string()),
    attributes: z.record(z.string(), z.unknown()),
    status: nodeStatusSchema,
    scope: z.string().describe('The discovery scope that last saw it, e.g. aws:123456789012'),
    first_seen: timestamp,
    last_seen: timestamp.describe('When its newest sighting was made (the batch was gathered), whichever job made it'),
    removed_at: timestamp.nullable().describe('As of when it is gone: the start of the run whose complete view of its scope lacked it'),
    first_seen_job: z.string(),
    last_seen_job: z.string(),
    last_changed_job: z.string().describe('The job that last created, changed or restored it'),
    removed_in_job: z.string().nullable(),
  })
  .meta({ id: 'GraphNode' });

export type GraphNodeView = z.infer<typeof graphNodeSchema>;

export const graphNodeListSchema = z
  .object({
    items: z.array(graphNodeSchema),
    next_cursor: z
      .string()
      .optional()
      .describe('Present while more may follow. A page can be shorter than limit (even empty) when tag or other unindexed filters skip many nodes: follow next_cursor until it is absent'),
  })
  .meta({ id: 'GraphNodeList' });

export const graphEdgeSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    type: z.string().describe('Reads as a sentence from → to, e.g. in_subnet'),
    status: nodeStatusSchema,
    first_seen: timestamp,
    last_seen: timestamp,
    removed_at: timestamp.nullable(),
    first_seen_job: z.string(),
    last_seen_job: z.string(),
    removed_in_job: z.string().nullable(),
  })
  .meta({ id: 'GraphEdge' });

export type GraphEdgeView = z.infer<typeof graphEdgeSchema>;

export const listEdgesQuerySchema = z
  .object({
    from: nodeIdSchema.optional().describe('Edges leaving this node'),
    to: nodeIdSchema.optional().describe('Edges arriving at this node'),
    type: listParam(z.string().min(1).max(200), MAX_LIST_VALUES).optional().describe('Any of these edge types'),
    status: statusParam,
    limit: limitParam(100, 1000),
    cursor: cursorParam,
  })
  .strict();

export type ListEdgesQuery = z.infer<typeof listEdgesQuerySchema>;

export const graphEdgeListSchema = z
  .object({
    items: z.array(graphEdgeSchema),
    next_cursor: z.string().optional().describe('Present while more may follow; a page can be short when filtering by type alone'),
  })
  .meta({ id: 'GraphEdgeList' });

const edgePageSchema = z
  .object({
    items: z.array(graphEdgeSchema),
    next_cursor: z.string().optional().describe('For GET .../edges with the same from (or to)'),
    next: z.string().optional().describe('The URL of the next page of these edges'),
  })
  .meta({ id: 'GraphEdgePage' });

export const nodeDetailQuerySchema = z.object({ edges_limit: limitParam(20, 500).describe('Edges shown per direction') }).strict();

export type NodeDetailQuery = z.infer<typeof nodeDetailQuerySchema>;

export const graphNodeDetailSchema = graphNodeSchema
  .extend({
    edges: z.object({
      outgoing: edgePageSchema.describe('Active edges from this node'),
      incoming: edgePageSchema.describe('Active edges to this node'),
    }),
  })
  .meta({ id: 'GraphNodeDetail' });

export const NEIGHBOR_DEPTH_MAX = 3;
export const NEIGHBOR_NODES_MAX = 500;

export const neighborsQuerySchema = z
  .object({
    depth: wholeNumberParam({ min: 1, max: NEIGHBOR_DEPTH_MAX, fallback: 1 }).describe('Hops from the node, 1 to 3'),
    edge_type: listParam(z.string().min(1).max(200), MAX_LIST_VALUES).optional().describe('Follow only edges of these types'),
    direction: z.enum(['both', 'out', 'in']).default('both').describe('out: follow edges from the node; in: edges to it'),
    limit: limitParam(NEIGHBOR_NODES_MAX, NEIGHBOR_NODES_MAX).describe('Most neighbours returned; more sets truncated'),
  })
  .strict();

export type NeighborsQuery = z.infer<typeof neighborsQuerySchema>;

export const graphNodeSummarySchema = z
  .object({
    id: z.string(),
    type: z.string(),
    provider: z.string(),
    name: z.string(),
    account: z.string().optional(),
    region: z.string().optional(),
    status: nodeStatusSchema,
  })
  .meta({ id: 'GraphNodeSummary' });

export type GraphNodeSummaryView = z.infer<typeof graphNodeSummarySchema>;

export const neighborSchema = z
  .union([
    graphNodeSummarySchema.extend({ depth: z.number().int(), known: z.literal(true) }),
    z.object({ id: z.string(), depth: z.number().int(), known: z.literal(false).describe('An edge names it but discovery has not found it') }),
  ])
  .meta({ id: 'GraphNeighbor' });

export type NeighborView = z.infer<typeof neighborSchema>;

export const neighborsSchema = z
  .object({
    root: graphNodeSummarySchema,
    depth: z.number().int(),
    nodes: z.array(neighborSchema).describe('Nodes reached, nearest first; depth = hops from the root'),
    edges: z.array(z.object({ from: z.string(), to: z.string(), type: z.string() })).describe('Active edges followed between the root and these nodes'),
    truncated: z.boolean().describe('More nodes were reachable than limit (or than the traversal reads in one request)'),
  })
  .meta({ id: 'GraphNeighbors' });

export type NeighborsView = z.infer<typeof neighborsSchema>;

export const nodeHistoryEntrySchema = z
  .object({
    change: z.enum(['created', 'updated', 'removed', 'restored']),
    job_id: z.string(),
    at: timestamp,
    changed: z.array(z.string()).optional().describe('Fields whose values changed: name, tags, account, region, attributes.<key>, ...'),
    fields: z
      .array(fieldChangeSchema)
      .optional()
      .describe('`updated`: the changed fields with their old and new values (at most 50, values cut at 1,024 characters of JSON), as GET .../jobs/{job_id}/changes shows them'),
    truncated: z.boolean().optional().describe('`updated`: `fields` leaves fields out or cuts values'),
  })
  .meta({ id: 'NodeHistoryEntry' });

export const nodeHistorySchema = z
  .object({
    node_id: z.string(),
    items: z.array(nodeHistoryEntrySchema).describe('Newest first; the last 50 changes plus the creation'),
    truncated: z.boolean().describe('Older changes were dropped (the creation among them)'),
  })
  .meta({ id: 'NodeHistory' });

export const graphSummarySchema = z
  .object({
    total_nodes: z.number().int().describe('Active nodes'),
    by_provider: z.record(z.string(), z.number().int()),
    by_type: z.record(z.string(), z.number().int()),
    by_account: z.record(z.string(), z.number().int()),
    by_region: z.record(z.string(), z.number().int()),
    computed_at: timestamp.describe('Counted at the end of the last reconciled job (or now, before the first)'),
  })
  .meta({ id: 'GraphSummary' });
