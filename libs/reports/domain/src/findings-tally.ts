import { REPORT_SEVERITIES, type FindingRow, type FindingsSection, type ReportSeverity, type WasteSection } from './report-content';

/** A finding as the tally reads it (the findings read model's fields), savings in USD. */
export interface TalliedFinding {
  rule_id: string;
  title: string;
  severity: string;
  kind: string;
  node_id: string;
  node_name: string;
  node_type: string;
  account: string | null;
  region: string | null;
  monthly_savings_usd: number | null;
}

/** Converts a USD amount to the report's currency. */
export type MoneyConverter = (usd: number) => number;

/** Most open findings listed one by one in a report (all are counted). */
export const MAX_LISTED_FINDINGS = 200;

const rank = (severity: string): number => {
  const index = REPORT_SEVERITIES.indexOf(severity as ReportSeverity);
  return index < 0 ? REPORT_SEVERITIES.length : index;
};

/** `aws.ec2.instance` → `aws.ec2`; `kubernetes.pod` → `kubernetes`. */
export const savingsCategoryOf = (nodeType: string): string => {
  const parts = nodeType.split('.');
  return parts[0] === 'kubernetes' ? 'kubernetes' : parts.slice(0, 2).join('.');
};

/**
 * Folds open findings, one at a time, into the findings and waste sections: counts by severity
 * and rule, savings by category, and the most severe findings (bounded), so a million findings
 * cost no more memory than their rules and categories.
 */
export class FindingsTally {
  private total = 0;
  private readonly bySeverity = new Map<ReportSeverity, number>();
  private readonly byRule = new Map<string, { rule_id: string; title: string; severity: ReportSeverity; kind: string; count: number; usd: number }>();
  private readonly byCategory = new Map<string, { findings: number; usd: number }>();
  private top: TalliedFinding[] = [];

  add(finding: TalliedFinding): void {
    const severity = (REPORT_SEVERITIES.includes(finding.severity as ReportSeverity) ? finding.severity : 'info') as ReportSeverity;
    this.total += 1;
    this.bySeverity.set(severity, (this.bySeverity.get(severity) ?? 0) + 1);
    const usd = finding.monthly_savings_usd ?? 0;
    const rule = this.byRule.get(finding.rule_id) ?? { rule_id: finding.rule_id, title: finding.title, severity, kind: finding.kind, count: 0, usd: 0 };
    rule.count += 1;
    rule.usd += usd;
    this.byRule.set(finding.rule_id, rule);
    if (finding.kind === 'cost') {
      const key = savingsCategoryOf(finding.node_type);
      const category = this.byCategory.get(key) ?? { findings: 0, usd: 0 };
      category.findings += 1;
      category.usd += usd;
      this.byCategory.set(key, category);
    }
    this.top.push(finding);
    if (this.top.length >= MAX_LISTED_FINDINGS * 2) this.top = sortFindings(this.top).slice(0, MAX_LISTED_FINDINGS);
  }

  findings(money: MoneyConverter): FindingsSection {
    const by_severity = Object.fromEntries(REPORT_SEVERITIES.map((severity) => [severity, this.bySeverity.get(severity) ?? 0])) as FindingsSection['by_severity'];
    const by_rule = [...this.byRule.values()]
      .sort((a, b) => rank(a.severity) - rank(b.severity) || b.count - a.count || a.rule_id.localeCompare(b.rule_id))
      .map(({ usd, ...rule }) => ({ ...rule, monthly_savings: money(usd) }));
    const top: FindingRow[] = sortFindings(this.top)
      .slice(0, MAX_LISTED_FINDINGS)
      .map((finding) => ({
        rule_id: finding.rule_id,
        title: finding.title,
        severity: (REPORT_SEVERITIES.includes(finding.severity as ReportSeverity) ? finding.severity : 'info') as ReportSeverity,
        kind: finding.kind,
        node_id: finding.node_id,
        node_name: finding.node_name,
        node_type: finding.node_type,
        account: finding.account,
        region: finding.region,
        monthly_savings: finding.monthly_savings_usd === null ? null : money(finding.monthly_savings_usd),
      }));
    return { total_open: this.total, by_severity, by_rule, top };
  }

  waste(money: MoneyConverter): WasteSection {
    const categories = [...this.byCategory.entries()].sort(([a, x], [b, y]) => y.usd - x.usd || a.localeCompare(b));
    const totalUsd = categories.reduce((sum, [, category]) => sum + category.usd, 0);
    return {
      total_monthly_savings: money(totalUsd),
      findings: categories.reduce((sum, [, category]) => sum + category.findings, 0),
      by_category: categories.map(([category, { findings, usd }]) => ({ category, findings, monthly_savings: money(usd) })),
    };
  }

  get openFindings(): number {
    return this.total;
  }
}

function sortFindings(findings: TalliedFinding[]): TalliedFinding[] {
  return findings.sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      (b.monthly_savings_usd ?? 0) - (a.monthly_savings_usd ?? 0) ||
      a.rule_id.localeCompare(b.rule_id) ||
      a.node_id.localeCompare(b.node_id),
  );
}
