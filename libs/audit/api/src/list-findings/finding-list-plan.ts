import { SEVERITY_RANK, type FindingRecord } from '@strata/audit-domain';
import { DomainError } from '@strata/contracts';
import type { SortOrder, Where } from '@strata/platform-read-store';
import type { FindingsCatalog } from '../findings-catalog';
import type { FindingSort, ListFindingsQuery } from '../findings-api.schemas';

/** How one findings list reads the store: every filter is an indexed condition, so `count` totals it. */
export interface FindingListPlan {
  where: Where<FindingRecord>;
  sort: SortOrder<FindingRecord>;
}

const SORT_FIELDS: Record<FindingSort, SortOrder<FindingRecord>['field']> = {
  severity: 'severity_rank',
  estimated_monthly_savings: 'monthly_savings_usd',
  opened_at: 'opened_at',
};

const one = <T extends string | number>(values: readonly T[]): T | { $in: T[] } => {
  const unique = [...new Set(values)].sort();
  return unique.length === 1 ? unique[0]! : { $in: unique };
};

/**
 * Plans a findings list. A severity filter becomes a `severity_rank` one, and `framework` /
 * `control` the rule ids mapped to them (intersected with `rule_id`), so a list of one status
 * in any sort order reads the `(status, <sort field>)` index in order. The other filters are
 * conditions SQLite checks on that range, or reads by their own index when narrower.
 */
export function planFindingList(query: ListFindingsQuery, catalog: FindingsCatalog): FindingListPlan {
  const where: Record<string, unknown> = {};
  if (query.status !== 'all') where['status'] = query.status;
  if (query.kind !== undefined) where['kind'] = query.kind;
  if (query.severity) where['severity_rank'] = one(query.severity.map((severity) => SEVERITY_RANK[severity]));
  let ruleIds = query.rule_id ? [...new Set(query.rule_id)] : undefined;
  if (query.framework !== undefined) {
    const framework = catalog.framework(query.framework);
    if (!framework) throw new DomainError('unknown_framework', `framework "${query.framework}" does not exist`);
    if (query.control !== undefined && !framework.controls.some((control) => control.id === query.control)) {
      throw new DomainError('unknown_control', `framework "${query.framework}" has no control "${query.control}"`);
    }
    const mapped = new Set(catalog.ruleIdsMappedTo(query.framework, query.control));
    ruleIds = ruleIds ? ruleIds.filter((id) => mapped.has(id)) : [...mapped];
  }
  // No rule maps to it: `$in: []` matches nothing, and is still a valid, countable query.
  if (ruleIds) where['rule_id'] = ruleIds.length === 0 ? { $in: [] } : one(ruleIds);
  if (query.resource_type !== undefined) where['node_type'] = query.resource_type;
  if (query.account !== undefined) where['account'] = query.account;
  if (query.region !== undefined) where['region'] = query.region;
  if (query.node_id !== undefined) where['node_id'] = query.node_id;
  if (query.job_id !== undefined) where['opened_in_job'] = query.job_id;
  return { where: where as Where<FindingRecord>, sort: { field: SORT_FIELDS[query.sort], direction: 'desc' } };
}
