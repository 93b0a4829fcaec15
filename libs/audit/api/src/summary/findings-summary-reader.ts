import { TenantMoney } from '@strata/tenancy-settings';
import { SEVERITIES, SEVERITY_RANK, type FindingRecord } from '@strata/audit-domain';
import { findingsCollection } from '@strata/audit-feature';
import type { ReadStore, TenantCollection } from '@strata/platform-read-store';
import type { TenantCatalogs } from '../findings-catalog';
import type { FindingsSummaryView } from '../findings-api.schemas';
import { savingsOf } from '../list-findings/finding-listing';

const TOP_RULES = 10;

/**
 * `GET .../findings/summary`: counts on the findings' indexes, never a read of every finding.
 * Per severity on `(status, severity_rank)`, per rule on `(status, rule_id)` (one count per
 * built-in rule), the savings from the open findings that have any.
 */
export class FindingsSummaryReader {
  constructor(
    private readonly readStore: ReadStore,
    private readonly catalogs: TenantCatalogs,
  ) {}

  async get(tenantId: string): Promise<FindingsSummaryView> {
    const findings = this.readStore.collection(findingsCollection).forTenant(tenantId);
    const open = (more: Parameters<TenantCollection<FindingRecord>['count']>[0] = {}) => findings.count({ status: 'open', ...more });
    const [severities, [openTotal, cost], statuses, savings, perRule, money] = await Promise.all([
      Promise.all(SEVERITIES.map((severity) => open({ severity_rank: SEVERITY_RANK[severity] }))),
      Promise.all([open(), open({ kind: 'cost' })]),
      Promise.all((['open', 'resolved', 'muted'] as const).map((status) => findings.count({ status }))),
      savingsOf(findings, { status: 'open', kind: 'cost' }),
      this.catalogs.forTenant(tenantId).then((catalog) => Promise.all(catalog.rules.map(async (rule) => ({ rule, open: await open({ rule_id: rule.id }) })))),
      TenantMoney.of(this.readStore, tenantId),
    ]);
    const [openCount, resolved, muted] = statuses;
    return {
      by_severity: Object.fromEntries(SEVERITIES.map((severity, index) => [severity, severities[index] ?? 0])) as FindingsSummaryView['by_severity'],
      by_kind: { compliance: openTotal - cost, cost },
      by_status: { open: openCount ?? 0, resolved: resolved ?? 0, muted: muted ?? 0 },
      estimated_monthly_savings: money.amount(savings),
      currency: money.currency,
      top_rules: perRule
        .filter((entry) => entry.open > 0)
        .sort((a, b) => b.open - a.open || (a.rule.id < b.rule.id ? -1 : 1))
        .slice(0, TOP_RULES)
        .map(({ rule, open: count }) => ({ rule_id: rule.id, title: rule.title, severity: rule.severity, open: count })),
    };
  }
}
