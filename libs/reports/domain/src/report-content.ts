import { z } from 'zod';

/*
 * A report's data, section by section: what the JSON format holds as is, and what the PDF and
 * the CSV are drawn from. Amounts are in the tenant's currency (`report.currency`), rounded to
 * its minor unit. A section whose data does not exist is absent, never empty-but-made-up.
 */

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type ReportSeverity = (typeof SEVERITIES)[number];
export const REPORT_SEVERITIES: readonly ReportSeverity[] = SEVERITIES;

const count = z.int().min(0);
const money = z.number();
const keyCount = z.object({ key: z.string(), count }).strict();

export const reportJobSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    plugins: z.array(z.string()),
    created_at: z.string(),
    started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
  })
  .strict();

export const summarySectionSchema = z
  .object({
    job: reportJobSchema,
    scopes: z.array(z.string()).describe('The scopes (estates) the job discovered'),
    stats: z
      .object({
        nodes_discovered: count,
        nodes_updated: count,
        nodes_removed: count,
        edges_created: count,
        findings_created: count,
        findings_resolved: count,
        duration_seconds: z.number().min(0),
      })
      .strict()
      .nullable(),
    duration_seconds: z.number().min(0).nullable(),
    estimated_monthly_savings: money.nullable(),
  })
  .strict();

export const findingRowSchema = z
  .object({
    rule_id: z.string(),
    title: z.string(),
    severity: z.enum(SEVERITIES),
    kind: z.string(),
    node_id: z.string(),
    node_name: z.string(),
    node_type: z.string(),
    account: z.string().nullable(),
    region: z.string().nullable(),
    monthly_savings: money.nullable(),
  })
  .strict();

export const findingsSectionSchema = z
  .object({
    total_open: count,
    by_severity: z.object({ critical: count, high: count, medium: count, low: count, info: count }).strict(),
    by_rule: z.array(z.object({ rule_id: z.string(), title: z.string(), severity: z.enum(SEVERITIES), kind: z.string(), count, monthly_savings: money }).strict()),
    top: z.array(findingRowSchema).describe('The most severe open findings (at most 200), most severe and costly first'),
  })
  .strict();

export const wasteSectionSchema = z
  .object({
    total_monthly_savings: money,
    findings: count,
    by_category: z.array(z.object({ category: z.string().describe('The provider service (`aws.ec2`, `kubernetes`)'), findings: count, monthly_savings: money }).strict()),
  })
  .strict();

export const frameworkPostureSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.string(),
    score_percent: z.number().nullable(),
    passing: count,
    failing: count,
    not_evaluated: count,
    controls_total: count,
  })
  .strict();

export const complianceSectionSchema = z.object({ frameworks: z.array(frameworkPostureSchema) }).strict();

export const inventorySectionSchema = z
  .object({ total_nodes: count, by_type: z.array(keyCount), by_account: z.array(keyCount), by_region: z.array(keyCount) })
  .strict();

export const changesSectionSchema = z
  .object({
    previous_job_id: z.string().nullable(),
    nodes_added: count,
    nodes_changed: count,
    nodes_removed: count,
    edges_added: count,
    edges_removed: count,
    by_type: z.array(z.object({ type: z.string(), added: count, changed: count, removed: count }).strict()),
  })
  .strict();

export const kubernetesSectionSchema = z
  .object({
    clusters: z.array(
      z
        .object({
          cluster: z.string(),
          open_findings: count,
          by_severity: z.object({ critical: count, high: count, medium: count, low: count, info: count }).strict(),
          monthly_savings: money,
          rbac_exposures: count,
          hygiene_issues: count,
        })
        .strict(),
    ),
  })
  .strict();

export const reportContentSchema = z
  .object({
    report: z
      .object({
        id: z.string(),
        tenant_id: z.string(),
        title: z.string(),
        generated_at: z.string(),
        currency: z.string().describe('ISO 4217 code of every amount in the report'),
        sections: z.array(z.string()).describe('The sections present, in order'),
      })
      .strict(),
    summary: summarySectionSchema.optional(),
    findings: findingsSectionSchema.optional(),
    waste: wasteSectionSchema.optional(),
    compliance: complianceSectionSchema.optional(),
    inventory: inventorySectionSchema.optional(),
    changes: changesSectionSchema.optional(),
    kubernetes: kubernetesSectionSchema.optional(),
  })
  .strict()
  .meta({ id: 'ReportDocument', description: 'A JSON report (`format: json`): the same data as the sections of the PDF.' });

export type ReportContent = z.infer<typeof reportContentSchema>;
export type SummarySection = z.infer<typeof summarySectionSchema>;
export type FindingsSection = z.infer<typeof findingsSectionSchema>;
export type FindingRow = z.infer<typeof findingRowSchema>;
export type WasteSection = z.infer<typeof wasteSectionSchema>;
export type ComplianceSection = z.infer<typeof complianceSectionSchema>;
export type FrameworkPosture = z.infer<typeof frameworkPostureSchema>;
export type InventorySection = z.infer<typeof inventorySectionSchema>;
export type ChangesSection = z.infer<typeof changesSectionSchema>;
export type KubernetesSection = z.infer<typeof kubernetesSectionSchema>;
