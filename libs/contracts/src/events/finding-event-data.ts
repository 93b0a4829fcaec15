import { z } from 'zod';

/** Event category of what the audit engine publishes: `events.<tenant>.finding.<Name>`. */
export const FINDING_CATEGORY = 'finding';

const isoTime = z.string().describe('ISO 8601 UTC');

/**
 * What every finding event carries (`findingEventData` in libs/audit/feature): enough to act on
 * without reading the finding. Its TypeScript type is derived from this schema; the audit engine's
 * builder is checked against it at compile time (libs/gateway/feature's event catalog spec, the
 * one place that may see both).
 */
export const findingEventDataSchema = z.object({
  findingId: z.string().describe('`<rule id>:<node id>`'),
  ruleId: z.string(),
  title: z.string(),
  kind: z.enum(['compliance', 'cost']),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
  status: z.enum(['open', 'resolved', 'muted']).describe('The finding\'s status after the change'),
  reopened: z.boolean().describe('A resolved finding that came back (FindingOpened only)'),
  node: z.object({ id: z.string(), type: z.string(), name: z.string(), account: z.string().nullable(), region: z.string().nullable() }),
  scope: z.string(),
  reason: z.string(),
  estimatedMonthlySavings: z.number().nullable().describe('USD a month the fix saves (cost rules); null when unknown'),
  mute: z
    .object({ reason: z.string(), until: isoTime.nullable(), by: z.string().nullable(), mute_rule_id: z.string().nullable() })
    .nullable()
    .describe('The mute that applies, if any'),
  jobId: z.string().nullable().describe('The job whose audit made the change; null for a change made through the API (a mute)'),
  at: isoTime,
});
export type FindingEventData = z.infer<typeof findingEventDataSchema>;

/** `finding.AuditCompleted`: one job's audit ended (published by the audit engine, beside its report to the orchestrator). */
export const auditCompletedEventDataSchema = z.object({
  jobId: z.string(),
  findingsCreated: z.number().int().nonnegative(),
  findingsResolved: z.number().int().nonnegative(),
  estimatedMonthlySavings: z.number().describe('What the open cost findings of the job\'s scopes would save a month, in `currency`'),
  currency: z.string().describe('ISO 4217, the tenant\'s currency at the time of the audit'),
});
export type AuditCompletedEventData = z.infer<typeof auditCompletedEventDataSchema>;

export const findingEventDataSchemas = {
  FindingOpened: findingEventDataSchema,
  FindingResolved: findingEventDataSchema,
  FindingMuted: findingEventDataSchema,
  FindingUnmuted: findingEventDataSchema,
  AuditCompleted: auditCompletedEventDataSchema,
} as const;

export type FindingEventName = keyof typeof findingEventDataSchemas;

export const FINDING_EVENT_DESCRIPTIONS: Readonly<Record<FindingEventName, string>> = {
  FindingOpened: 'A finding opened, or a resolved one came back (`reopened`).',
  FindingResolved: 'A finding is no longer violated (or its resource or rule is gone).',
  FindingMuted: 'A violated finding was muted (its own mute or a mute rule).',
  FindingUnmuted: 'A muted finding is open again (its mute ended or was deleted).',
  AuditCompleted: 'The audit of a job ended: findings created and resolved, and the monthly savings found in the tenant\'s currency.',
};
