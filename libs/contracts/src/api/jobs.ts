import { z } from 'zod';
import { JOB_ERROR_CODES, JOB_PHASES, JOB_STATUSES } from '../jobs/job-vocabulary';
import { wholeNumberParam } from './query-params';
import { printableText } from './text';

/** Ids used in paths and subjects: no dots, spaces or wildcards. */
export const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, "-" and "_" only');

export const pluginConfigSchema = z.record(z.string(), z.unknown());

export const createJobRequestSchema = z
  .object({
    name: printableText(200).describe('Human-readable job name'),
    plugins: z.array(idSchema).min(1).max(10).describe('Plugin ids to run (see GET /api/v1/plugins)'),
    credential_id: idSchema.describe('Credential to use for discovery'),
    config: pluginConfigSchema
      .optional()
      .describe('Plugin configuration: flat for a single plugin, or keyed by plugin id ({"aws": {...}, "kubernetes": {...}})'),
  })
  .strict()
  .meta({ id: 'CreateJobRequest' });

export type CreateJobRequest = z.infer<typeof createJobRequestSchema>;

export const jobStatsSchema = z
  .object({
    nodes_discovered: z.number().int(),
    nodes_updated: z.number().int(),
    nodes_removed: z.number().int(),
    edges_created: z.number().int(),
    findings_created: z.number().int(),
    findings_resolved: z.number().int(),
    duration_seconds: z.number().int(),
  })
  .meta({ id: 'JobStats' });

export const jobErrorSchema = z.object({ code: z.enum(JOB_ERROR_CODES), message: z.string() }).meta({ id: 'JobError' });

export const jobProgressSchema = z
  .object({
    phase: z.enum(JOB_PHASES),
    percent: z
      .number()
      .int()
      .min(0)
      .max(100)
      .describe(
        'Never goes back. 5-75 during discovery, shared between the plugins (moved by each as it tells how far it is, else when it completes); ' +
          '75-90 with the batches inventory has ingested; 90-99 with the nodes the audit has evaluated; 100 when completed',
      ),
    counts: z.record(z.string(), z.number().int()).describe('Resources discovered so far per type, e.g. {"vpcs": 2, "subnets": 6}'),
  })
  .meta({ id: 'JobProgress' });

const timestamp = z.iso.datetime().describe('ISO 8601, UTC');

export const jobSchema = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    name: z.string(),
    status: z.enum(JOB_STATUSES).describe('pending until a discovery worker takes one of its runs (queued while every worker is busy), then running, then how it ended'),
    plugins: z.array(z.string()),
    credential_id: z.string(),
    config: pluginConfigSchema.describe('As submitted, with secrets redacted'),
    stats: jobStatsSchema
      .optional()
      .describe(
        'Once completed. A failed or cancelled job that kept some of what it discovered has them too, counting what inventory stored for it ' +
          '(no findings: it was not audited; nodes_removed only when discovery had finished and its scope was reconciled), filled in a moment after it ended ' +
          'and growing while batches still on their way are stored',
      ),
    error: jobErrorSchema.optional(),
    estimated_monthly_savings: z
      .number()
      .optional()
      .describe("Once audited: what the open cost findings of the job's scopes would save a month (muted ones left out), from the dated price table, in `currency`"),
    currency: z.string().optional().describe("The currency of estimated_monthly_savings: the tenant's setting when the job was audited"),
    progress: jobProgressSchema,
    started_at: timestamp.optional().describe('When a worker first took one of its runs; duration_seconds counts from here'),
    completed_at: timestamp.optional(),
    created_at: timestamp,
  })
  .meta({ id: 'Job' });

export type JobView = z.infer<typeof jobSchema>;

export const pluginInfoSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    discovers: z.string(),
    available: z.boolean().describe('False for plugins this build does not ship yet'),
    credential_kinds: z.array(z.string()),
  })
  .meta({ id: 'Plugin' });

export const pluginListSchema = z.object({ items: z.array(pluginInfoSchema) }).meta({ id: 'PluginList' });

export const JOB_SORTS = ['-created_at', 'created_at', 'status', '-status', 'name', '-name'] as const;

export const listJobsQuerySchema = z
  .object({
    page: wholeNumberParam({ min: 1, fallback: 1 }),
    per_page: wholeNumberParam({ min: 1, max: 100, fallback: 20 }),
    sort: z.enum(JOB_SORTS).default('-created_at'),
    status: z.enum(JOB_STATUSES).optional(),
    cursor: z.string().min(1).optional().describe('Keyset cursor from next_cursor; takes the place of page'),
    limit: wholeNumberParam({ min: 1, max: 100 }).optional().describe('Page size with cursor paging'),
  })
  .strict()
  // Keyset paging has no page numbers: a page number beside it would be silently ignored.
  .refine((query) => query.page === 1 || (query.cursor === undefined && query.limit === undefined), {
    path: ['page'],
    message: 'page cannot be combined with cursor or limit (keyset paging has no page numbers)',
  });

export type ListJobsQuery = z.infer<typeof listJobsQuerySchema>;

/**
 * A job in a list: as the seed's list shows it, `error` is the failure's message; its code is in
 * `error_code`. The detail endpoint gives `error` as `{code, message}`.
 */
export const jobListItemSchema = jobSchema
  .omit({ error: true })
  .extend({ error: z.string().optional(), error_code: z.enum(JOB_ERROR_CODES).optional() })
  .meta({ id: 'JobListItem' });

export type JobListItem = z.infer<typeof jobListItemSchema>;

export const jobListSchema = z
  .object({
    items: z.array(jobListItemSchema),
    total: z.number().int(),
    page: z.number().int(),
    per_page: z.number().int(),
    next_cursor: z.string().optional(),
  })
  .meta({ id: 'JobList' });
