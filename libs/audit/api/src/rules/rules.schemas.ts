import { RULE_KINDS, ruleDocumentSchema, ruleIdSchema, SEVERITIES } from '@strata/audit-domain';
import { wholeNumberParam } from '@strata/contracts';
import { z } from 'zod';

/*
 * The rules API's wire shapes: requests are validated with these (400 `validation_error` with
 * details otherwise), and the OpenAPI document is generated from them.
 */

export { ruleIdSchema };

const timestamp = z.iso.datetime().describe('ISO 8601, UTC');

export const listRulesQuerySchema = z
  .object({
    source: z.enum(['builtin', 'custom']).optional(),
    pack: z.string().min(1).max(100).optional(),
    kind: z.enum(RULE_KINDS).optional(),
    severity: z.enum(SEVERITIES).optional(),
    enabled: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
    resource_type: z.string().min(1).max(200).optional().describe('Rules whose resource_types cover this node type'),
    limit: wholeNumberParam({ min: 1, max: 500, fallback: 100 }),
    cursor: z.string().min(1).max(200).optional().describe('The next_cursor of the previous page'),
  })
  .strict();
export type ListRulesQuery = z.output<typeof listRulesQuerySchema>;

/** A tenant's own rule, as posted: a rule document (see the README's rule format). */
export const createRuleRequestSchema = ruleDocumentSchema;

/** `enabled` for any rule; a tenant's own rule may also change any other field of its document. */
export const patchRuleRequestSchema = z
  .object({
    enabled: z.boolean().optional(),
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(4000).optional(),
    severity: z.enum(SEVERITIES).optional(),
    resource_types: z.array(z.string()).min(1).max(50).optional(),
    condition: z.string().trim().min(1).max(4000).optional(),
    reason: z.string().trim().min(1).max(2000).nullable().optional(),
    savings: z.string().trim().min(1).max(2000).nullable().optional(),
    remediation: z.string().trim().min(1).max(4000).optional(),
    frameworks: z.record(z.string(), z.array(z.string())).optional(),
    references: z.array(z.string()).max(20).optional(),
    examples: z.array(z.unknown()).max(20).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'name at least one field to change' });
export type PatchRuleRequest = z.output<typeof patchRuleRequestSchema>;

/** A rule document posted as it is (as to `POST /rules`) stands for `{"rule": <document>}`. */
const bareRuleAsRequest = (body: unknown): unknown =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && 'condition' in body && !('rule' in body) ? { rule: body } : body;

const dryRunRequestObject = z
  .object({
    rule: z.unknown().optional().describe('A rule document to try (its id may be left out)'),
    rule_id: ruleIdSchema.optional().describe('Or the id of a rule the tenant has'),
    limit: z.number().int().min(1).max(100).default(20).describe('Matches to return'),
  })
  .strict()
  .refine((request) => (request.rule === undefined) !== (request.rule_id === undefined), { message: 'give either rule or rule_id' });

export const dryRunRequestSchema = z.preprocess(bareRuleAsRequest, dryRunRequestObject);
export type DryRunRequest = z.output<typeof dryRunRequestObject>;

const ruleErrorSchema = z.object({ message: z.string(), node_id: z.string(), nodes: z.number().int(), job_id: z.string().nullable(), at: timestamp }).nullable();

export const ruleViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  severity: z.enum(SEVERITIES),
  kind: z.enum(RULE_KINDS),
  resource_types: z.array(z.string()),
  condition: z.string(),
  reason: z.string().nullable(),
  savings: z.string().nullable(),
  remediation: z.string(),
  frameworks: z.record(z.string(), z.array(z.string())),
  references: z.array(z.string()),
  examples: z.number().int().describe('How many examples the rule carries'),
  source: z.enum(['builtin', 'custom']),
  pack: z.string(),
  enabled: z.boolean(),
  created_at: timestamp.nullable(),
  updated_at: timestamp.nullable(),
  last_error: ruleErrorSchema.describe('The last error the rule raised on a node in an audit; null when its last audit ran cleanly'),
  last_evaluated_at: timestamp.nullable(),
});
export type RuleView = z.infer<typeof ruleViewSchema>;

export const ruleListSchema = z.object({
  items: z.array(ruleViewSchema),
  page: z.object({ limit: z.number().int(), next_cursor: z.string().nullable(), has_more: z.boolean() }),
  total: z.number().int(),
});

export const dryRunResultSchema = z.object({
  rule_id: z.string(),
  count: z.number().int().describe('How many nodes, of those evaluated, violate the rule (matches holds the first limit of them)'),
  evaluated: z.number().int().describe('Nodes of its resource types evaluated'),
  not_judged: z.number().int().describe('Nodes it could not judge (an attribute it reads is missing)'),
  errors: z.number().int(),
  first_error: z.string().nullable(),
  complete: z.boolean().describe('False when the dry run stopped at its node or time limit before the last node'),
  estimated_monthly_savings: z.number().nullable().describe('A month, in `currency`, of the matches with known savings'),
  currency: z.string().describe("The tenant's currency setting"),
  matches: z.array(
    z.object({
      node: z.object({ id: z.string(), type: z.string(), name: z.string(), account: z.string().nullable(), region: z.string().nullable() }),
      reason: z.string(),
      estimated_monthly_savings: z.number().nullable(),
    }),
  ),
});
export type DryRunResult = z.infer<typeof dryRunResultSchema>;
