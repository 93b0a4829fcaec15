import { SEVERITIES, RULE_KINDS } from '@strata/audit-domain';
import { wholeNumberParam } from '@strata/contracts';
import { z } from 'zod';

/*
 * The Findings API's wire shapes: requests are validated with these (400 `validation_error` with
 * details otherwise), and the OpenAPI document is generated from them.
 */

const timestamp = z.iso.datetime().describe('ISO 8601, UTC');

/** `ruleId:nodeId`; node ids are ARNs and the like, so the id is URL-encoded in paths. */
export const findingIdSchema = z.string().min(3).max(2200).describe('The finding id (`<rule id>:<node id>`), URL-encoded');
export const frameworkIdSchema = z.string().min(1).max(100).describe('A framework id, e.g. cis-aws-3.0');

const MAX_LIST_VALUES = 20;

/** `?x=a&x=b` and `?x=a,b` alike: the values, trimmed, without empties. */
const listParam = <T extends z.ZodType<string, string>>(item: T, max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(z.array(item).min(1).max(max));

export const FINDING_STATUS_FILTERS = ['open', 'resolved', 'muted', 'all'] as const;
export const FINDING_SORTS = ['severity', 'estimated_monthly_savings', 'opened_at'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

const text = (max: number) => z.string().min(1).max(max);

export const listFindingsQuerySchema = z
  .object({
    status: z
      .enum(FINDING_STATUS_FILTERS)
      .default('open')
      .describe('open (default), resolved, muted, or all. Muted findings are in no list but status=muted and status=all'),
    kind: z.enum(RULE_KINDS).optional(),
    severity: listParam(z.enum(SEVERITIES), SEVERITIES.length).optional().describe('Any of these: severity=high&severity=critical or severity=high,critical'),
    rule_id: listParam(text(100), MAX_LIST_VALUES).optional().describe('Any of these rule ids'),
    framework: text(100).optional().describe("Findings of the rules mapped to this framework (the built-in packs' mappings)"),
    control: text(40).optional().describe('With framework: findings of the rules mapped to this control of it'),
    resource_type: text(200).optional().describe('The node type, e.g. aws.ec2.volume'),
    account: text(200).optional(),
    region: text(64).optional(),
    node_id: text(2048).optional(),
    job_id: text(128).optional().describe('Findings this job opened (or re-opened)'),
    sort: z
      .enum(FINDING_SORTS)
      .default('severity')
      .describe('severity (most severe first, default), estimated_monthly_savings (largest first, unknown last) or opened_at (newest first); ties by id, descending'),
    limit: wholeNumberParam({ min: 1, max: 500, fallback: 50 }),
    cursor: z.string().min(1).max(4096).optional().describe('page.next_cursor of the previous page (same filters and sort)'),
  })
  .strict()
  .refine((query) => query.control === undefined || query.framework !== undefined, { path: ['control'], message: 'control needs framework' });

export type ListFindingsQuery = z.infer<typeof listFindingsQuerySchema>;

const frameworkMappingSchema = z.object({ framework: z.string(), control: z.string() });

export const findingSchema = z
  .object({
    id: z.string(),
    rule_id: z.string(),
    title: z.string(),
    kind: z.enum(RULE_KINDS),
    severity: z.enum(SEVERITIES),
    status: z.enum(['open', 'resolved', 'muted']),
    reason: z.string(),
    node: z.object({ id: z.string(), type: z.string(), name: z.string(), account: z.string().nullable(), region: z.string().nullable() }),
    scope: z.string().describe('The discovery scope the node is in, e.g. aws:123456789012'),
    estimated_monthly_savings: z.number().nullable().describe('What the fix saves a month (cost rules), in `currency`; null when unknown or not a cost finding'),
    currency: z.string().describe("The tenant's currency setting (ISO 4217): the amounts' currency, converted from the price table's USD with the dated exchange rates"),
    savings_note: z.string().nullable(),
    frameworks: z.array(frameworkMappingSchema),
    mute: z
      .object({ reason: z.string(), until: timestamp.nullable(), by: z.string().nullable(), mute_rule_id: z.string().nullable() })
      .nullable()
      .describe('The mute in force (status muted), else null'),
    first_seen: timestamp,
    opened_at: timestamp.describe('When it last opened or re-opened'),
    resolved_at: timestamp.nullable(),
    opened_in_job: z.string(),
    resolved_in_job: z.string().nullable(),
  })
  .meta({ id: 'Finding' });

export type FindingView = z.infer<typeof findingSchema>;

export const findingListSchema = z
  .object({
    items: z.array(findingSchema),
    page: z.object({
      limit: z.number().int(),
      next_cursor: z.string().nullable().describe('Pass as cursor, with the same filters and sort, for the next page; null on the last'),
      has_more: z.boolean(),
    }),
    total: z.number().int().describe('Findings matching the filters, all pages'),
    estimated_monthly_savings: z.number().describe('A month, in `currency`: the sum of the known savings of the findings matching the filters, all pages'),
    currency: z.string().describe("The tenant's currency setting (ISO 4217): the amounts' currency, converted from the price table's USD with the dated exchange rates"),
  })
  .meta({ id: 'FindingList' });

export type FindingListView = z.infer<typeof findingListSchema>;

export const findingDetailSchema = findingSchema
  .extend({
    description: z.string().nullable().describe("The rule's description; null when the rule is not a built-in one"),
    remediation: z.string().nullable(),
    references: z.array(z.string()),
    history: z.array(
      z.object({
        event: z.enum(['opened', 'reopened', 'resolved', 'muted', 'unmuted']),
        at: timestamp,
        job_id: z.string().nullable(),
        reason: z.string().optional(),
        by: z.string().nullable().optional(),
      }),
    ).describe('Oldest first, the last 50 changes'),
  })
  .meta({ id: 'FindingDetail' });

export type FindingDetailView = z.infer<typeof findingDetailSchema>;

const severityCounts = z.object(Object.fromEntries(SEVERITIES.map((severity) => [severity, z.number().int()])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>);

export const findingsSummarySchema = z
  .object({
    by_severity: severityCounts.describe('Open findings per severity'),
    by_kind: z.object({ compliance: z.number().int(), cost: z.number().int() }).describe('Open findings per kind'),
    by_status: z.object({ open: z.number().int(), resolved: z.number().int(), muted: z.number().int() }),
    estimated_monthly_savings: z.number().describe('A month, in `currency`: the known savings of the open cost findings'),
    currency: z.string().describe("The tenant's currency setting (ISO 4217): the amounts' currency, converted from the price table's USD with the dated exchange rates"),
    top_rules: z
      .array(z.object({ rule_id: z.string(), title: z.string(), severity: z.enum(SEVERITIES), open: z.number().int() }))
      .describe('The built-in rules with the most open findings (at most 10, none with 0), most first'),
  })
  .meta({ id: 'FindingsSummary' });

export type FindingsSummaryView = z.infer<typeof findingsSummarySchema>;

export const complianceQuerySchema = z.object({ account: text(200).optional().describe('Posture of this account only') }).strict();
export type ComplianceQuery = z.infer<typeof complianceQuerySchema>;

const frameworkSummaryFields = {
  id: z.string(),
  name: z.string(),
  version: z.string(),
  account: z.string().optional(),
  score_percent: z.number().nullable().describe('passing / (passing + failing) × 100, one decimal; null when no control was evaluated'),
  passing: z.number().int(),
  failing: z.number().int(),
  not_evaluated: z.number().int(),
  controls_total: z.number().int(),
};

export const frameworkPostureListSchema = z
  .object({ items: z.array(z.object(frameworkSummaryFields).meta({ id: 'FrameworkPostureSummary' })) })
  .meta({ id: 'FrameworkPostureList' });

export const frameworkPostureSchema = z
  .object({
    ...frameworkSummaryFields,
    controls: z.array(
      z.object({
        id: z.string(),
        section: z.string(),
        title: z.string(),
        status: z.enum(['passing', 'failing', 'not_evaluated']),
        rules: z.array(z.string()),
        open_findings: z.number().int(),
        findings: z.array(z.string()).optional().describe('The first open findings, most severe first (at most 10)'),
        resources_evaluated: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'FrameworkPosture' });

export type FrameworkPostureView = z.infer<typeof frameworkPostureSchema>;
