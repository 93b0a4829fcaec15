import type { FindingRecord } from '@strata/audit-domain';
import type { FindingView } from './findings-api.schemas';
import type { TenantMoney } from '@strata/tenancy-settings';

/** A finding as the API shows it: picked field by field, in the API's names. */
export function toFindingView(id: string, record: FindingRecord, money: TenantMoney): FindingView {
  return {
    id,
    rule_id: record.rule_id,
    title: record.title,
    kind: record.kind,
    severity: record.severity,
    status: record.status,
    reason: record.reason,
    node: { id: record.node_id, type: record.node_type, name: record.node_name, account: record.account, region: record.region },
    scope: record.scope,
    estimated_monthly_savings: money.amount(record.monthly_savings_usd),
    currency: money.currency,
    savings_note: record.savings_note,
    frameworks: record.frameworks.map(({ framework, control }) => ({ framework, control })),
    mute: record.mute ? { reason: record.mute.reason, until: record.mute.until, by: record.mute.by, mute_rule_id: record.mute.mute_rule_id } : null,
    first_seen: record.first_seen,
    opened_at: record.opened_at,
    resolved_at: record.resolved_at,
    opened_in_job: record.opened_in_job,
    resolved_in_job: record.resolved_in_job,
  };
}

/** Sums money without the drift of adding floats one by one: to the cent. */
export const roundUsd = (value: number): number => Math.round(value * 100) / 100;
