import { idSchema, jobChangeItemSchema, wholeNumberParam } from '@strata/contracts';
import { z } from 'zod';

/** Job ids as the jobs API takes them. */
export const jobIdParamSchema = idSchema;

export const listJobChangesQuerySchema = z
  .object({
    change: z.enum(['added', 'changed', 'removed']).optional().describe('Only this kind of change (edges are only ever added or removed)'),
    type: z.string().min(1).max(200).optional().describe("A node's type (aws.ec2.instance) or an edge's (in_subnet)"),
    account: z.string().min(1).max(200).optional().describe('Nodes of this account (edges, which have none, are left out)'),
    region: z.string().min(1).max(64).optional().describe('Nodes of this region (edges are left out)'),
    limit: wholeNumberParam({ min: 1, max: 500, fallback: 50 }),
    cursor: z.string().min(1).max(4096).optional().describe('page.next_cursor of the previous page (same filters)'),
  })
  .strict();

export type ListJobChangesQuery = z.infer<typeof listJobChangesQuerySchema>;

export const jobChangeListSchema = z
  .object({
    items: z.array(jobChangeItemSchema),
    page: z.object({ limit: z.number().int(), next_cursor: z.string().nullable(), has_more: z.boolean() }),
  })
  .meta({ id: 'JobChangeList' });

export type JobChangeList = z.infer<typeof jobChangeListSchema>;

const counts = z.object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int() });
const edgeCounts = z.object({ added: z.number().int(), removed: z.number().int() });
const byType = z.array(z.object({ kind: z.enum(['node', 'edge']), type: z.string(), added: z.number().int(), changed: z.number().int(), removed: z.number().int() }));

export const jobChangeSummarySchema = z
  .object({
    job_id: z.string(),
    complete: z.boolean().describe('true once the job is reconciled (the figures are then final); false while it still runs'),
    nodes: counts,
    edges: edgeCounts,
    by_type: byType.describe('Per kind and type, nodes first, types sorted; only types with a change'),
    scopes: z.array(z.object({ scope: z.string(), nodes: counts, edges: edgeCounts, by_type: byType })),
  })
  .meta({ id: 'JobChangeSummary' });

export type JobChangeSummaryView = z.infer<typeof jobChangeSummarySchema>;
