import { DEFAULT_THRESHOLDS, InMemoryGraph, RuleSet, type RuleNode } from '@strata/audit-domain';
import { builtInPrices } from './built-in-prices';
import { loadRulePacks } from './rule-packs';

// A small cluster as the kubernetes plugin maps it (data/rules/kubernetes/RESOURCES.md), judged by every built-in rule.
const CLUSTER = 'prod';
const k8s = (kind: string, name: string, attributes: Record<string, unknown> = {}, tags: Record<string, string> = {}): RuleNode => {
  const [namespace, objectName] = name.includes('/') ? name.split('/') : [undefined, name];
  return {
    id: `k8s:${CLUSTER}:${kind}:${name}`,
    type: `kubernetes.${kind}`,
    provider: 'kubernetes',
    name,
    account: CLUSTER,
    region: 'eu-west-1',
    tags,
    attributes: { cluster: CLUSTER, kind, object_name: objectName, ...(namespace ? { namespace } : {}), created_at: '2026-10-01T00:00:00Z', ...attributes },
  };
};

/** A hardened container but for what a test overrides. */
const container = (name: string, overrides: Record<string, unknown> = {}) => ({
  name, init: false, image: `ghcr.io/acme/${name}:1.4.2`, image_tag: '1.4.2', image_latest: false, privileged: false,
  allow_privilege_escalation: false, run_as_non_root: true, run_as_user: 10001, read_only_root_filesystem: true, capabilities_add: [],
  cpu_request_m: 500, memory_request_bytes: 536870912, cpu_limit_m: 1000, memory_limit_bytes: 1073741824, has_requests: true, has_limits: true,
  liveness_probe: true, readiness_probe: true, ...overrides,
});
const podSpec = (containers: unknown[]) => ({
  host_pid: false, host_ipc: false, host_network: false, service_account: 'api', automount_service_account_token: false, volumes: [],
  secret_refs: [], config_map_refs: [], listed_ref_kinds: ['secret', 'configmap', 'serviceaccount'], containers,
});

const privileged = container('api', { privileged: true });
const cluster = k8s('cluster', CLUSTER, { version: 'v1.29.3', platform: 'eks' });
const namespace = k8s('namespace', 'shop', { phase: 'Active' });
const account = k8s('serviceaccount', 'shop/api', { is_default: false, secret_names: [], image_pull_secret_names: [] });
const deployment = k8s('deployment', 'shop/api', { ...podSpec([privileged]), replicas: 2, ready_replicas: 2, available_replicas: 2, selector: { app: 'api' }, template_labels: { app: 'api' }, paused: false, strategy: 'RollingUpdate' });
const replicaSet = k8s('replicaset', 'shop/api-5c9d', { ...podSpec([privileged]), replicas: 2, ready_replicas: 2, available_replicas: 2, selector: { app: 'api' }, template_labels: { app: 'api' } });
const runningPod = (name: string, usage: { cpu_m: number; memory_bytes: number }) =>
  k8s('pod', name, { ...podSpec([{ ...privileged, restart_count: 0, ready: true }]), phase: 'Running', node_name: 'ip-10-0-1-23', restart_count: 0, crash_looping: false, qos_class: 'Burstable', usage }, { app: 'api' });
// One replica idles far below its requests (500m, 512 MiB): the usage rule judges pods, each replica on its own.
const idlePod = runningPod('shop/api-5c9d-idle1', { cpu_m: 5, memory_bytes: 20_000_000 });
const busyPod = runningPod('shop/api-5c9d-busy2', { cpu_m: 400, memory_bytes: 400_000_000 });
const toolbox = k8s('pod', 'shop/toolbox', { ...podSpec([container('shell', { privileged: true, image: 'busybox', image_tag: '', image_latest: true })]), phase: 'Running', restart_count: 0, crash_looping: false });
const policy = k8s('networkpolicy', 'shop/default-deny', { pod_selector: {}, policy_types: ['Ingress'], ingress_rule_count: 0, egress_rule_count: 0 });
const budget = k8s('poddisruptionbudget', 'shop/api', { max_unavailable: 1, selector: { app: 'api' } });
const web = k8s('service', 'shop/web', {
  service_type: 'LoadBalancer', cluster_ip: '10.100.0.12', selector: { app: 'web' }, ports: [{ name: 'https', port: 443, protocol: 'TCP', target_port: '8443', node_port: 31443 }],
  load_balancer_ingress: ['a1b2.elb.eu-west-1.amazonaws.com'], ready_endpoints: 0, load_balancer_internal: true, load_balancer_source_ranges: [],
});
const released = k8s('persistentvolume', 'pvc-3f1c', { phase: 'Released', capacity_bytes: 100 * 1024 ** 3, storage_class: 'gp3', reclaim_policy: 'Retain', claim_ref: 'shop/data-old', volume_source: 'csi', csi_driver: 'ebs.csi.aws.com', volume_type: 'gp3' });
const nodes = [cluster, namespace, account, deployment, replicaSet, idlePod, busyPod, toolbox, policy, budget, web, released];

const edges = [
  { from: namespace.id, type: 'in_cluster', to: cluster.id },
  ...nodes.filter((node) => node.attributes['namespace'] === 'shop').map((node) => ({ from: node.id, type: 'in_namespace', to: namespace.id })),
  { from: replicaSet.id, type: 'owned_by', to: deployment.id },
  ...[idlePod, busyPod].flatMap((pod) => [
    { from: pod.id, type: 'owned_by', to: replicaSet.id },
    { from: policy.id, type: 'applies_to', to: pod.id },
    { from: pod.id, type: 'uses', to: account.id },
  ]),
  { from: policy.id, type: 'applies_to', to: toolbox.id },
  { from: toolbox.id, type: 'uses', to: account.id },
  { from: deployment.id, type: 'uses', to: account.id },
  { from: replicaSet.id, type: 'uses', to: account.id },
  { from: budget.id, type: 'protects', to: deployment.id },
];

describe('the kubernetes pack on a small cluster', () => {
  const rules = new RuleSet(loadRulePacks());
  const graph = new InMemoryGraph(nodes, edges);
  const environment = { graph, now: new Date('2026-12-01T00:00:00Z'), prices: builtInPrices(), thresholds: () => DEFAULT_THRESHOLDS };
  const outcomes = nodes.flatMap((node) => rules.rulesFor(node.type).map((rule) => ({ node, rule, outcome: rule.evaluate(node, environment) })));
  const violated = (node: RuleNode) =>
    outcomes
      .filter((entry) => entry.node === node && entry.outcome.kind === 'violated')
      .map((entry) => entry.rule.id)
      .sort();
  const outcome = (node: RuleNode, ruleId: string) => outcomes.find((entry) => entry.node === node && entry.rule.id === ruleId)!.outcome;

  it('judges every node without an error or a miss', () => {
    expect(outcomes.filter((entry) => entry.outcome.kind === 'error' || entry.outcome.kind === 'pending').map((entry) => `${entry.rule.id} on ${entry.node.name}: ${JSON.stringify(entry.outcome)}`)).toEqual([]);
  });

  it('flags the privileged deployment once, from its template, and its replica set and pods not again', () => {
    // A privileged container can always escalate (the API refuses allowPrivilegeEscalation: false with it): CIS 5.2.2 and 5.2.6 both fail.
    expect(violated(deployment)).toEqual(['k8s-container-privilege-escalation', 'k8s-container-privileged']);
    expect(outcome(deployment, 'k8s-container-privileged')).toMatchObject({ reason: 'deployment shop/api: container api runs privileged' });
    expect(violated(replicaSet)).toEqual([]);
    expect(violated(busyPod)).toEqual([]);
    expect(outcome(busyPod, 'k8s-container-privileged')).toEqual({ kind: 'compliant' });
  });

  it('judges a pod its workload owns only on usage, the one fact only pods carry', () => {
    expect(violated(idlePod)).toEqual(['k8s-pod-requests-above-usage']);
    // (0.49 vCPU at 0.037173 + (512 MiB - 2×20 MB = 0.4627 GiB) at 0.004082) × 730 h, in eu-west-1.
    expect(outcome(idlePod, 'k8s-pod-requests-above-usage')).toMatchObject({ kind: 'violated', savingsUsd: 14.68, reason: 'pod shop/api-5c9d-idle1 requests 500m CPU and 512 MiB, and uses 5m and 19 MiB' });
  });

  it('judges a pod no workload owns itself', () => {
    expect(violated(toolbox)).toEqual(['k8s-container-image-latest', 'k8s-container-privilege-escalation', 'k8s-container-privileged']);
    expect(outcome(toolbox, 'k8s-container-privileged')).toMatchObject({ reason: 'pod shop/toolbox: container shell runs privileged' });
  });

  it('prices a load balancer with no endpoint and a released volume in the cluster region', () => {
    expect(violated(web)).toEqual(['k8s-service-load-balancer-no-endpoints', 'k8s-service-selects-no-pod']);
    expect(outcome(web, 'k8s-service-load-balancer-no-endpoints')).toMatchObject({ savingsUsd: 20.44, reason: 'service shop/web keeps load balancer a1b2.elb.eu-west-1.amazonaws.com with no ready endpoint (its selector matches no pod)' });
    expect(violated(released)).toEqual(['k8s-persistent-volume-unbound']);
    expect(outcome(released, 'k8s-persistent-volume-unbound')).toMatchObject({ savingsUsd: 8.8, reason: 'persistent volume pvc-3f1c (100 GiB gp3) is Released, last claimed by shop/data-old, reclaim policy Retain' });
    expect(outcome(released, 'k8s-persistent-volume-unbound')).not.toHaveProperty('approximateSavings');
  });

  it('prices a node of a cluster with no known region at us-east-1, marked approximate', () => {
    const nowhere = { ...released, id: 'k8s:prod:pv:nowhere', region: null };
    const rule = rules.get('k8s-persistent-volume-unbound')!;
    expect(rule.evaluate(nowhere, { ...environment, graph: new InMemoryGraph([nowhere]) })).toMatchObject({ kind: 'violated', savingsUsd: 8, approximateSavings: true });
  });

  it("judges a deployment's network policies and crash loops through its replica sets' pods, two hops away", () => {
    const crashing = { ...busyPod, attributes: { ...busyPod.attributes, crash_looping: true, restart_count: 17 } };
    const unpoliced = new InMemoryGraph(
      nodes.map((node) => (node === busyPod ? crashing : node)),
      edges.filter((edge) => edge.type !== 'applies_to'),
    );
    const judge = (node: RuleNode) =>
      rules
        .rulesFor(node.type)
        .filter((rule) => rule.evaluate(node, { ...environment, graph: unpoliced }).kind === 'violated')
        .map((rule) => rule.id)
        .sort();
    expect(judge(deployment)).toEqual(['k8s-container-privilege-escalation', 'k8s-container-privileged', 'k8s-pod-no-network-policy', 'k8s-workload-crash-looping']);
    expect(rules.get('k8s-workload-crash-looping')!.evaluate(deployment, { ...environment, graph: unpoliced })).toMatchObject({ reason: 'deployment shop/api has 1 crash-looping pod(s)' });
    expect(judge(crashing)).toEqual([]);
    expect(judge(toolbox)).toEqual(['k8s-container-image-latest', 'k8s-container-privilege-escalation', 'k8s-container-privileged', 'k8s-pod-no-network-policy']);
  });

  it('leaves the hardened, protected, policed objects alone', () => {
    for (const node of [cluster, namespace, account, policy, budget]) expect([node.name, violated(node)]).toEqual([node.name, []]);
  });
});
