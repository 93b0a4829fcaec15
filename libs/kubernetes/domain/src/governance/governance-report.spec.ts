import type { ClusterFinding } from '../cluster-finding';
import { buildGovernanceReport, MAX_LISTED, type RbacSubject } from './governance-report';

let n = 0;
const finding = (rule_id: string, node_type: string, node_name: string, extra: Partial<ClusterFinding> = {}): ClusterFinding => ({
  id: `${rule_id}:k8s:prod:${node_name}`,
  rule_id,
  title: `title of ${rule_id}`,
  kind: 'compliance',
  severity: 'medium',
  reason: `reason ${++n}`,
  node_id: `k8s:prod:${node_name}`,
  node_type,
  node_name,
  monthly_savings_usd: null,
  ...extra,
});

describe('buildGovernanceReport', () => {
  const findings = [
    finding('k8s-container-privileged', 'kubernetes.daemonset', 'kube-system/kube-proxy', { severity: 'critical' }),
    finding('k8s-container-privileged', 'kubernetes.deployment', 'payments/api', { severity: 'critical' }),
    finding('k8s-container-requests-missing', 'kubernetes.deployment', 'payments/api', { severity: 'low' }),
    finding('k8s-container-limits-missing', 'kubernetes.deployment', 'search/api', { severity: 'low' }),
    finding('k8s-container-probes-missing', 'kubernetes.deployment', 'search/api', { severity: 'low' }),
    finding('k8s-workload-single-replica-no-pdb', 'kubernetes.deployment', 'search/api', { severity: 'low' }),
    finding('k8s-node-not-ready', 'kubernetes.node', 'ip-10-0-0-11', { severity: 'high' }),
    finding('k8s-rbac-cluster-admin-bound', 'kubernetes.clusterrolebinding', 'alice-admin', { severity: 'high' }),
    finding('k8s-rbac-reads-secrets', 'kubernetes.clusterrole', 'secret-reader'),
    finding('k8s-rbac-exec-pods', 'kubernetes.role', 'payments/debugger'),
    finding('k8s-rbac-wildcard-rule', 'kubernetes.role', 'payments/namespace-owner'),
    finding('k8s-persistent-volume-unbound', 'kubernetes.persistentvolume', 'pv-1', { kind: 'cost', severity: 'low', monthly_savings_usd: 10.1 }),
    finding('k8s-persistent-volume-unbound', 'kubernetes.persistentvolume', 'pv-2', { kind: 'cost', severity: 'low', monthly_savings_usd: 0.2 }),
    finding('k8s-cronjob-suspended', 'kubernetes.cronjob', 'search/cleanup', { kind: 'cost', severity: 'info', monthly_savings_usd: 0 }),
    finding('k8s-service-load-balancer-no-endpoints', 'kubernetes.service', 'search/retired', { kind: 'cost', severity: 'low', monthly_savings_usd: 18.25 }),
  ];
  const alice: RbacSubject = { kind: 'User', name: 'alice@example.com', binding: 'alice-admin' };
  const report = buildGovernanceReport(findings, new Map([['k8s:prod:alice-admin', [alice]]]), (usd) => usd * 0.5);

  it('counts the compliance findings by severity, namespace (cluster-scoped under null) and rule', () => {
    const posture = report.security_posture;
    expect(posture.open_findings).toBe(11);
    expect(posture.by_severity).toEqual({ critical: 2, high: 2, medium: 3, low: 4, info: 0 });
    expect(posture.by_namespace).toEqual([
      { namespace: 'search', open_findings: 3, by_severity: { critical: 0, high: 0, medium: 0, low: 3, info: 0 } },
      { namespace: null, open_findings: 3, by_severity: { critical: 0, high: 2, medium: 1, low: 0, info: 0 } },
      { namespace: 'payments', open_findings: 4, by_severity: { critical: 1, high: 0, medium: 2, low: 1, info: 0 } },
      { namespace: 'kube-system', open_findings: 1, by_severity: { critical: 1, high: 0, medium: 0, low: 0, info: 0 } },
    ].sort((a, b) => b.open_findings - a.open_findings || (a.namespace ?? '').localeCompare(b.namespace ?? '')));
    expect(posture.by_rule[0]).toEqual({ rule_id: 'k8s-container-privileged', title: 'title of k8s-container-privileged', severity: 'critical', open_findings: 2 });
    expect(posture.by_rule.map((r) => r.severity)).toEqual(['critical', 'high', 'high', 'medium', 'medium', 'medium', 'low', 'low', 'low', 'low']);
  });

  it('lists the hygiene findings by what is missing', () => {
    expect(report.resource_hygiene.without_requests).toEqual({
      rule_id: 'k8s-container-requests-missing',
      count: 1,
      resources: [{ id: 'k8s:prod:payments/api', type: 'kubernetes.deployment', name: 'payments/api', finding_id: 'k8s-container-requests-missing:k8s:prod:payments/api' }],
      truncated: false,
    });
    expect(report.resource_hygiene.without_limits.count).toBe(1);
    expect(report.resource_hygiene.without_probes.resources[0]!.name).toBe('search/api');
    expect(report.resource_hygiene.without_pdb.count).toBe(1);
  });

  it('sums the cost findings per rule in the given currency', () => {
    expect(report.cost_signals).toEqual({
      findings: 4,
      estimated_monthly_savings: 14.275,
      by_rule: [
        { rule_id: 'k8s-service-load-balancer-no-endpoints', title: 'title of k8s-service-load-balancer-no-endpoints', findings: 1, estimated_monthly_savings: 9.125 },
        { rule_id: 'k8s-persistent-volume-unbound', title: 'title of k8s-persistent-volume-unbound', findings: 2, estimated_monthly_savings: 5.15 },
        { rule_id: 'k8s-cronjob-suspended', title: 'title of k8s-cronjob-suspended', findings: 1, estimated_monthly_savings: 0 },
      ],
    });
  });

  it('names the RBAC exposure with its subjects', () => {
    expect(report.rbac_exposure.cluster_admin_bindings.items).toEqual([
      expect.objectContaining({ id: 'k8s:prod:alice-admin', name: 'alice-admin', subjects: [alice], reason: expect.any(String) }),
    ]);
    expect(report.rbac_exposure.secret_reading_roles.items.map((i) => [i.name, i.subjects])).toEqual([['secret-reader', []]]);
    expect(report.rbac_exposure.pod_exec_roles.count).toBe(1);
    expect(report.rbac_exposure.wildcard_roles.items[0]!.name).toBe('payments/namespace-owner');
  });

  it('lists at most MAX_LISTED resources, counting them all', () => {
    const many = Array.from({ length: MAX_LISTED + 5 }, (_, i) => finding('k8s-container-limits-missing', 'kubernetes.deployment', `ns/d-${String(i).padStart(4, '0')}`));
    const limits = buildGovernanceReport(many, new Map(), (v) => v).resource_hygiene.without_limits;
    expect(limits).toMatchObject({ count: MAX_LISTED + 5, truncated: true });
    expect(limits.resources).toHaveLength(MAX_LISTED);
  });
});
