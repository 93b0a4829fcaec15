import { z } from 'zod';
import { ruleExampleSchema } from './rule-examples';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const RULE_KINDS = ['compliance', 'cost'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Highest first: the order lists sort by and `--fail-on` compares with. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** `aws.ec2.volume`, `aws.ec2.*`, `kubernetes.*` or `*`: exact types, or every type under a prefix. */
const resourceTypePattern = z
  .string()
  .regex(/^(\*|[a-z0-9_-]+(\.[a-z0-9_-]+)*(\.\*)?)$/, 'a resource type such as "aws.ec2.volume", or a prefix such as "aws.ec2.*"');

export const ruleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{2,99}$/, 'lower-case letters, digits, ".", "_" and "-", 3 to 100 characters');

/**
 * A rule as written in a pack file (YAML or JSON) or posted to the rules API. `condition` is a CEL
 * expression that is true when the node violates the rule; `savings` (cost rules) a CEL
 * expression for the monthly USD the fix saves; `reason` an optional CEL string expression saying
 * why this node violates it (default: the title).
 */
export const ruleDocumentSchema = z
  .object({
    id: ruleIdSchema,
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).default(''),
    severity: z.enum(SEVERITIES),
    kind: z.enum(RULE_KINDS),
    resource_types: z.array(resourceTypePattern).min(1).max(50),
    condition: z.string().trim().min(1).max(4000),
    reason: z.string().trim().min(1).max(2000).optional(),
    savings: z.string().trim().min(1).max(2000).optional(),
    remediation: z.string().trim().min(1).max(4000),
    frameworks: z.record(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/), z.array(z.string().min(1).max(40)).min(1)).default({}),
    references: z.array(z.string().url()).max(20).default([]),
    /** Nodes the rule must judge a given way (see `checkRuleExamples`). */
    examples: z.array(ruleExampleSchema).max(20).default([]),
  })
  .strict()
  .superRefine((rule, context) => {
    if (rule.kind === 'cost' && !rule.savings) context.addIssue({ code: 'custom', path: ['savings'], message: 'a cost rule needs a savings expression' });
    if (rule.kind === 'compliance' && rule.savings) context.addIssue({ code: 'custom', path: ['savings'], message: 'only cost rules have a savings expression' });
  });

export type RuleDocument = z.output<typeof ruleDocumentSchema>;
export type RuleDocumentInput = z.input<typeof ruleDocumentSchema>;

/** A framework control a rule evidences. */
export interface FrameworkMapping {
  framework: string;
  control: string;
}

export const frameworkMappings = (rule: Pick<RuleDocument, 'frameworks'>): FrameworkMapping[] =>
  Object.entries(rule.frameworks).flatMap(([framework, controls]) => controls.map((control) => ({ framework, control })));
