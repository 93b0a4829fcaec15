import { resourceOf, roundCents, SEVERITIES, type ClusterFinding, type Severity } from '../cluster-finding';
import type { MoneyConverter } from '../action-plan/action-plan';

/** The rules whose findings make the resource hygiene section, by what each says is missing. */
export const HYGIENE_RULES = {
  without_requests: 'k8s-container-requests-missing',
  without_limits: 'k8s-container-limits-missing',
  without_probes: 'k8s-container-probes-missing',
  without_pdb: 'k8s-workload-single-replica-no-pdb',
} as const;

/** The RBAC rules, by the exposure each names. */
export const RBAC_RULES = {
  cluster_admin_bindings: 'k8s-rbac-cluster-admin-bound',
  wildcard_roles: 'k8s-rbac-wildcard-rule',
  secret_reading_roles: 'k8s-rbac-reads-secrets',
  pod_exec_roles: 'k8s-rbac-exec-pods',
} as const;

/** How many resources a section lists (its count covers them all). */
export const MAX_LISTED = 200;

export type SeverityCounts = Record<Severity, number>;

/** A subject of a binding: the binding's own, or (for a role) of a binding that grants it. */
export interface RbacSubject {
  kind: string;
  name: string;
  namespace?: string;
  /** The binding that gives the subject the role. */
  binding: string;
}

export interface ListedResource {
  id: string;
  type: string;
  name: string;
  finding_id: string;
}

export interface GovernanceReport {
  security_posture: {
    open_findings: number;
    by_severity: SeverityCounts;
    /** Namespaced objects by namespace; `null` collects cluster-scoped ones (nodes, volumes, cluster roles...). */
    by_namespace: { namespace: string | null; open_findings: number; by_severity: SeverityCounts }[];
    by_rule: { rule_id: string; title: string; severity: Severity; open_findings: number }[];
  };
  resource_hygiene: Record<keyof typeof HYGIENE_RULES, { rule_id: string; count: number; resources: ListedResource[]; truncated: boolean }>;
  cost_signals: {
    findings: number;
    estimated_monthly_savings: number;
    by_rule: { rule_id: string; title: string; findings: number; estimated_monthly_savings: number }[];
  };
  rbac_exposure: Record<keyof typeof RBAC_RULES, { rule_id: string; count: number; items: (ListedResource & { reason: string; subjects: RbacSubject[] })[]; truncated: boolean }>;
}

const zeroCounts = (): SeverityCounts => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const listed = (f: ClusterFinding): ListedResource => ({ id: f.node_id, type: f.node_type, name: f.node_name, finding_id: f.id });

/**
 * The governance report of a cluster from its open findings (muted ones are not open): the
 * compliance findings counted by severity, namespace and rule; the hygiene and RBAC rules' findings
 * listed (RBAC ones with the subjects `subjects` gives by node id); the cost findings and their
 * savings, converted by `money`.
 */
export function buildGovernanceReport(findings: readonly ClusterFinding[], subjects: ReadonlyMap<string, RbacSubject[]>, money: MoneyConverter): GovernanceReport {
  const sorted = [...findings].sort(byId);
  const compliance = sorted.filter((f) => f.kind === 'compliance');
  const cost = sorted.filter((f) => f.kind === 'cost');

  const bySeverity = zeroCounts();
  const namespaces = new Map<string | null, { open_findings: number; by_severity: SeverityCounts }>();
  const rules = new Map<string, { rule_id: string; title: string; severity: Severity; open_findings: number }>();
  for (const f of compliance) {
    bySeverity[f.severity]++;
    const namespace = resourceOf(f).namespace;
    const entry = namespaces.get(namespace) ?? { open_findings: 0, by_severity: zeroCounts() };
    entry.open_findings++;
    entry.by_severity[f.severity]++;
    namespaces.set(namespace, entry);
    const rule = rules.get(f.rule_id) ?? { rule_id: f.rule_id, title: f.title, severity: f.severity, open_findings: 0 };
    rule.open_findings++;
    rules.set(f.rule_id, rule);
  }
  const severityOrder = (s: Severity) => SEVERITIES.indexOf(s);

  const section = <K extends string>(map: Record<K, string>) =>
    Object.fromEntries(
      (Object.entries(map) as [K, string][]).map(([key, ruleId]) => {
        const matching = sorted.filter((f) => f.rule_id === ruleId);
        return [key, { ruleId, matching }];
      }),
    ) as Record<K, { ruleId: string; matching: ClusterFinding[] }>;

  const hygiene = section(HYGIENE_RULES);
  const rbac = section(RBAC_RULES);

  const costRules = new Map<string, { rule_id: string; title: string; findings: number; usd: number }>();
  for (const f of cost) {
    const rule = costRules.get(f.rule_id) ?? { rule_id: f.rule_id, title: f.title, findings: 0, usd: 0 };
    rule.findings++;
    rule.usd += f.monthly_savings_usd ?? 0;
    costRules.set(f.rule_id, rule);
  }

  return {
    security_posture: {
      open_findings: compliance.length,
      by_severity: bySeverity,
      by_namespace: [...namespaces.entries()]
        .map(([namespace, entry]) => ({ namespace, ...entry }))
        .sort((a, b) => b.open_findings - a.open_findings || (a.namespace ?? '').localeCompare(b.namespace ?? '')),
      by_rule: [...rules.values()].sort((a, b) => severityOrder(a.severity) - severityOrder(b.severity) || b.open_findings - a.open_findings || a.rule_id.localeCompare(b.rule_id)),
    },
    resource_hygiene: Object.fromEntries(
      Object.entries(hygiene).map(([key, { ruleId, matching }]) => [
        key,
        { rule_id: ruleId, count: matching.length, resources: matching.slice(0, MAX_LISTED).map(listed), truncated: matching.length > MAX_LISTED },
      ]),
    ) as GovernanceReport['resource_hygiene'],
    cost_signals: {
      findings: cost.length,
      estimated_monthly_savings: money(roundCents(cost.reduce((sum, f) => sum + (f.monthly_savings_usd ?? 0), 0))),
      by_rule: [...costRules.values()]
        .sort((a, b) => b.usd - a.usd || a.rule_id.localeCompare(b.rule_id))
        .map(({ usd, ...rule }) => ({ ...rule, estimated_monthly_savings: money(roundCents(usd)) })),
    },
    rbac_exposure: Object.fromEntries(
      Object.entries(rbac).map(([key, { ruleId, matching }]) => [
        key,
        {
          rule_id: ruleId,
          count: matching.length,
          items: matching.slice(0, MAX_LISTED).map((f) => ({ ...listed(f), reason: f.reason, subjects: subjects.get(f.node_id) ?? [] })),
          truncated: matching.length > MAX_LISTED,
        },
      ]),
    ) as GovernanceReport['rbac_exposure'],
  };
}
