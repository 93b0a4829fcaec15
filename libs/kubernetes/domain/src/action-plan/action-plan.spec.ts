import fc from 'fast-check';
import type { ClusterFinding } from '../cluster-finding';
import { buildActionPlan } from './action-plan';
import type { PodSizing } from './rightsize-steps';
import { RISKS, STEP_TEMPLATES } from './step-templates';

const finding = (rule_id: string, node_type: string, node_name: string, extra: Partial<ClusterFinding> = {}): ClusterFinding => ({
  id: `${rule_id}:k8s:prod:${node_name}`,
  rule_id,
  title: rule_id,
  kind: 'cost',
  severity: 'low',
  reason: `${node_name} is wasted`,
  node_id: `k8s:prod:${node_name}`,
  node_type,
  node_name,
  monthly_savings_usd: null,
  ...extra,
});
const usd = (value: number) => value;

describe('buildActionPlan', () => {
  it('maps each rule to its risk and kubectl command, namespaced or not', () => {
    const plan = buildActionPlan(
      [
        finding('k8s-persistent-volume-unbound', 'kubernetes.persistentvolume', 'pvc-3f1c', { monthly_savings_usd: 10 }),
        finding('k8s-persistent-volume-claim-unused', 'kubernetes.persistentvolumeclaim', 'payments/scratch', { monthly_savings_usd: 4 }),
        finding('k8s-persistent-volume-claim-pending', 'kubernetes.persistentvolumeclaim', 'payments/reports', { monthly_savings_usd: 0 }),
        finding('k8s-deployment-scaled-to-zero', 'kubernetes.deployment', 'search/legacy-worker', { monthly_savings_usd: 0 }),
        finding('k8s-cronjob-suspended', 'kubernetes.cronjob', 'search/cleanup'),
        finding('k8s-service-load-balancer-no-endpoints', 'kubernetes.service', 'checkout/retired-api', { monthly_savings_usd: 18.25 }),
        finding('k8s-container-privileged', 'kubernetes.daemonset', 'kube-system/kube-proxy', { kind: 'compliance', severity: 'critical' }),
        finding('k8s-rbac-cluster-admin-bound', 'kubernetes.clusterrolebinding', 'alice-admin', { kind: 'compliance', severity: 'high' }),
        finding('k8s-container-image-latest', 'kubernetes.deployment', 'search/api', { kind: 'compliance' }),
      ],
      new Map(),
      usd,
    );
    const step = (risk: 'safe' | 'review' | 'risky', rule: string) => plan.groups[risk].steps.find((s) => s.rule_id === rule)!;
    expect(step('review', 'k8s-persistent-volume-unbound').commands).toEqual(['kubectl delete pv pvc-3f1c']);
    expect(step('risky', 'k8s-persistent-volume-claim-unused').commands).toEqual(['kubectl delete pvc -n payments scratch']);
    expect(step('safe', 'k8s-persistent-volume-claim-pending').commands).toEqual(['kubectl delete pvc -n payments reports']);
    expect(step('review', 'k8s-deployment-scaled-to-zero').commands).toEqual(['kubectl delete deployment -n search legacy-worker']);
    expect(step('review', 'k8s-cronjob-suspended').commands).toEqual(['kubectl delete cronjob -n search cleanup']);
    expect(step('review', 'k8s-service-load-balancer-no-endpoints').commands).toEqual(['kubectl delete service -n checkout retired-api']);
    const privileged = step('risky', 'k8s-container-privileged');
    expect(privileged.commands).toEqual(['kubectl edit daemonset -n kube-system kube-proxy']);
    expect(privileged.manifest_change).toMatch(/privileged: false/);
    expect(step('risky', 'k8s-rbac-cluster-admin-bound').commands).toEqual(['kubectl delete clusterrolebinding alice-admin']);
    expect(plan.findings_not_planned).toBe(1);
    expect(plan.steps_total).toBe(8);
    // Most savings first; unknown savings last.
    expect(plan.groups.review.steps.map((s) => s.rule_id)).toEqual([
      'k8s-service-load-balancer-no-endpoints',
      'k8s-persistent-volume-unbound',
      'k8s-deployment-scaled-to-zero',
      'k8s-cronjob-suspended',
    ]);
    expect(plan.groups.review.estimated_monthly_savings).toBe(28.25);
    expect(plan.estimated_monthly_savings).toBe(32.25);
    const lb = step('review', 'k8s-service-load-balancer-no-endpoints');
    expect(lb).toMatchObject({
      id: 'k8s-service-load-balancer-no-endpoints:k8s:prod:checkout/retired-api',
      resources: [{ id: 'k8s:prod:checkout/retired-api', type: 'kubernetes.service', name: 'checkout/retired-api' }],
      finding_ids: ['k8s-service-load-balancer-no-endpoints:k8s:prod:checkout/retired-api'],
      reason: 'checkout/retired-api is wasted',
      estimated_monthly_savings: 18.25,
    });
    expect(step('review', 'k8s-cronjob-suspended').estimated_monthly_savings).toBeNull();
  });

  it('quotes what a shell would read in a name', () => {
    const plan = buildActionPlan([finding('k8s-persistent-volume-unbound', 'kubernetes.persistentvolume', 'odd name;$(x)')], new Map(), usd);
    expect(plan.groups.review.steps[0]!.commands).toEqual(["kubectl delete pv 'odd name;$(x)'"]);
  });

  it('rightsizes per owning workload, to twice the busiest replica, each container its share', () => {
    const owner = { kind: 'deployment', id: 'k8s:prod:dep-api', name: 'payments/api', namespace: 'payments', object_name: 'api' };
    const containers = [
      { name: 'api', cpu_request_m: 750, memory_request_bytes: 768 * 1024 * 1024 },
      { name: 'sidecar', cpu_request_m: 250, memory_request_bytes: 256 * 1024 * 1024 },
    ];
    const pod = (cpu: number, memoryMib: number): PodSizing => ({ owner, containers, usage: { cpu_m: cpu, memory_bytes: memoryMib * 1024 * 1024 } });
    const plan = buildActionPlan(
      [
        finding('k8s-pod-requests-above-usage', 'kubernetes.pod', 'payments/api-1', { monthly_savings_usd: 20.5 }),
        finding('k8s-pod-requests-above-usage', 'kubernetes.pod', 'payments/api-2', { monthly_savings_usd: 10.25 }),
        finding('k8s-pod-requests-above-usage', 'kubernetes.pod', 'payments/debug-shell', { monthly_savings_usd: 3 }),
      ],
      new Map([
        ['k8s:prod:payments/api-1', pod(40, 60)],
        ['k8s:prod:payments/api-2', pod(100, 20)],
        ['k8s:prod:payments/debug-shell', { owner: null, containers, usage: { cpu_m: 1, memory_bytes: 1 } }],
      ]),
      usd,
    );
    const [workload, bare] = plan.groups.safe.steps;
    expect(workload).toMatchObject({
      id: 'k8s-pod-requests-above-usage:k8s:prod:dep-api',
      estimated_monthly_savings: 30.75,
      resources: [{ id: 'k8s:prod:dep-api', type: 'kubernetes.deployment', name: 'payments/api' }, { name: 'payments/api-1' }, { name: 'payments/api-2' }],
      finding_ids: ['k8s-pod-requests-above-usage:k8s:prod:payments/api-1', 'k8s-pod-requests-above-usage:k8s:prod:payments/api-2'],
    });
    // Busiest: 100m and 60 MiB, doubled: 200m and 120 MiB, shared 3:1.
    expect(workload!.commands).toEqual([
      'kubectl set resources deployment/api -n payments -c api --requests=cpu=150m,memory=90Mi',
      'kubectl set resources deployment/api -n payments -c sidecar --requests=cpu=50m,memory=30Mi',
    ]);
    expect(bare).toMatchObject({ commands: [], manifest_change: expect.stringMatching(/no owning workload/) });
  });

  it('converts every amount with the given money, and groups every planned step exactly once', () => {
    const rules = Object.keys(STEP_TEMPLATES);
    fc.assert(
      fc.property(
        fc.array(fc.record({ rule: fc.constantFrom(...rules, 'k8s-other'), name: fc.stringMatching(/^[a-z]{1,8}$/), savings: fc.option(fc.integer({ min: 0, max: 10000 }).map((c) => c / 100)) }), { maxLength: 30 }),
        (specs) => {
          const unique = [...new Map(specs.map((s) => [`${s.rule}/${s.name}`, s])).values()];
          const findings = unique.map((s) => finding(s.rule, 'kubernetes.persistentvolume', s.name, { monthly_savings_usd: s.savings }));
          const plan = buildActionPlan(findings, new Map(), (v) => v * 2);
          const steps = RISKS.flatMap((risk) => plan.groups[risk].steps);
          const planned = findings.filter((f) => f.rule_id in STEP_TEMPLATES);
          expect(steps.flatMap((s) => s.finding_ids).sort()).toEqual(planned.map((f) => f.id).sort());
          expect(plan.findings_not_planned).toBe(findings.length - planned.length);
          for (const risk of RISKS) for (const s of plan.groups[risk].steps) expect(s.risk).toBe(risk);
          const totalUsd = planned.reduce((sum, f) => sum + (f.monthly_savings_usd ?? 0), 0);
          expect(plan.estimated_monthly_savings).toBeCloseTo(Math.round(totalUsd * 100) / 100 * 2, 6);
        },
      ),
    );
  });
});
