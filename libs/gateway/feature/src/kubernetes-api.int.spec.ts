import { SEVERITY_RANK, type CompiledRule, type FindingRecord, type FindingStatus } from '@strata/audit-domain';
import { findingsCollection } from '@strata/audit-feature';
import { loadRulePacks } from '@strata/audit-packs';
import type { EdgeRecord, InventoryNode } from '@strata/inventory-domain';
import { edgesCollection, nodeDocument, nodesCollection } from '@strata/inventory-feature';
import { HYGIENE_RULES, PLANNED_RULES, RBAC_RULES } from '@strata/kubernetes-domain';
import { openApiProblems } from '@strata/platform-http';
import { startGatewayHarness, type GatewayHarness, type Json } from './fixtures/gateway-harness';

const ACME = 'acme-k8s';
const GLOBEX = 'globex-k8s';
const RULES = new Map(loadRulePacks().map((r) => [r.id, r] as const));
const rule = (id: string): CompiledRule => RULES.get(id)!;
const AT = '2026-11-20T10:00:00.000Z';
const SEEN = '2026-11-20T09:58:00.000Z';
const MIB = 1024 * 1024;

function node(cluster: string, name: string, type: string, attributes: Record<string, unknown> = {}, status: 'active' | 'removed' = 'active', provider = 'kubernetes'): InventoryNode {
  const id = type === 'kubernetes.cluster' ? `k8s:${cluster}` : `k8s:${cluster}:${type}:${name}`;
  const slash = name.indexOf('/');
  return {
    id, type, provider, name, account: cluster, region: 'eu-west-1', tags: {},
    attributes: { cluster, ...(slash > 0 ? { namespace: name.slice(0, slash), object_name: name.slice(slash + 1) } : { object_name: name }), ...attributes },
    status, scope: `kubernetes:${cluster}`, first_seen: AT, last_seen: SEEN, removed_at: null, first_seen_job: 'job-k8s-0', last_seen_job: `job-${cluster}-2`,
    last_changed_job: 'job-k8s-0', removed_in_job: status === 'removed' ? 'job-x' : null, updated_in_job: null, content_hash: 'h',
  } as unknown as InventoryNode;
}

const edge = (from: InventoryNode, type: string, to: InventoryNode): { id: string; doc: EdgeRecord } => ({
  id: `${from.id}|${type}|${to.id}`,
  doc: { from: from.id, to: to.id, type, status: 'active', first_seen: AT, last_seen: SEEN, removed_at: null, first_seen_job: 'job-k8s-0', last_seen_job: 'job-k8s-0', removed_in_job: null } as unknown as EdgeRecord,
});

// The prod cluster of acme: a deployment → replica set → over-provisioned pod, storage, RBAC.
const cluster = node('prod', 'prod', 'kubernetes.cluster', { version: 'v1.31.4-eks-2d5f260', platform: 'eks', server_host: '10.0.0.1' });
const deployment = node('prod', 'payments/api', 'kubernetes.deployment', { replicas: 2 });
const replicaSet = node('prod', 'payments/api-7d9f', 'kubernetes.replicaset');
const pod = (name: string, cpu: number, memoryMib: number) =>
  node('prod', name, 'kubernetes.pod', {
    phase: 'Running',
    containers: [{ name: 'api', init: false, cpu_request_m: 1000, memory_request_bytes: 1024 * MIB }, { name: 'migrate', init: true, cpu_request_m: 4000 }],
    usage: { cpu_m: cpu, memory_bytes: memoryMib * MIB },
  });
const pod1 = pod('payments/api-7d9f-a', 20, 30);
const pod2 = pod('payments/api-7d9f-b', 40, 10);
const released = node('prod', 'pvc-released', 'kubernetes.persistentvolume', { phase: 'Released', capacity_bytes: 100 * 1024 * MIB });
const scratch = node('prod', 'payments/scratch', 'kubernetes.persistentvolumeclaim', { phase: 'Bound' });
const adminBinding = node('prod', 'alice-admin', 'kubernetes.clusterrolebinding', {
  role_ref: { kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'User', name: 'alice@example.com' }, { kind: 'Group', name: 'system:masters' }],
});
const secretReader = node('prod', 'secret-reader', 'kubernetes.clusterrole', { reads_secrets: true });
const readerBinding = node('prod', 'payments/read-secrets', 'kubernetes.rolebinding', { subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'payments' }] });
const gone = node('prod', 'payments/old', 'kubernetes.deployment', {}, 'removed');
const PROD = [
  cluster, deployment, replicaSet, pod1, pod2, released, scratch, adminBinding, secretReader, readerBinding, gone,
  node('prod', 'ip-10-0-0-10', 'kubernetes.node'), node('prod', 'ip-10-0-0-11', 'kubernetes.node'),
  node('prod', 'payments', 'kubernetes.namespace'), node('prod', 'search', 'kubernetes.namespace'), node('prod', 'kube-system', 'kubernetes.namespace'),
  node('prod', 'kube-system/kube-proxy', 'kubernetes.daemonset'), node('prod', 'search/nightly', 'kubernetes.cronjob'),
  node('prod', 'payments/api', 'kubernetes.service'), node('prod', 'search/retired', 'kubernetes.service'),
  // Another provider's node with the same account: never a kubernetes object of the cluster.
  node('prod', 'bucket', 'aws.s3.bucket', {}, 'active', 'aws'),
];
const EDGES = [edge(pod1, 'owned_by', replicaSet), edge(pod2, 'owned_by', replicaSet), edge(replicaSet, 'owned_by', deployment), edge(readerBinding, 'grants', secretReader), edge(adminBinding, 'in_cluster', cluster)];
const EKS_ARN = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-eks';
const CLUSTERS = ['dev', 'qa', 'staging', EKS_ARN].map((name) => node(name, name, 'kubernetes.cluster', { version: 'v1.30.0', platform: 'other' }));

function finding(subject: InventoryNode, ruleId: string, extra: { savings?: number | null; status?: FindingStatus; reason?: string } = {}): { id: string; doc: FindingRecord } {
  const r = rule(ruleId);
  const status = extra.status ?? 'open';
  return {
    id: `${ruleId}:${subject.id}`,
    doc: {
      rule_id: ruleId, node_id: subject.id, node_type: subject.type, node_name: subject.name, account: subject.account ?? null, region: 'eu-west-1',
      scope: subject.scope, kind: r.kind, severity: r.severity, severity_rank: SEVERITY_RANK[r.severity], title: r.title, reason: extra.reason ?? `${ruleId} on ${subject.name}`,
      monthly_savings_usd: extra.savings ?? null, savings_note: null, frameworks: r.frameworks.map(({ framework, control }) => ({ framework, control })), status,
      mute: status === 'muted' ? { reason: 'accepted', until: null, by: 'tok', mute_rule_id: null } : null,
      first_seen: AT, opened_at: AT, updated_at: AT, resolved_at: status === 'resolved' ? AT : null, opened_in_job: 'job-k8s-0', resolved_in_job: status === 'resolved' ? 'job-x' : null, history: [],
    },
  };
}
const FINDINGS = [
  finding(released, 'k8s-persistent-volume-unbound', { savings: 10 }),
  finding(scratch, 'k8s-persistent-volume-claim-unused', { savings: 4.5 }),
  finding(pod1, 'k8s-pod-requests-above-usage', { savings: 20 }),
  finding(pod2, 'k8s-pod-requests-above-usage', { savings: 19 }),
  finding(deployment, 'k8s-container-privileged'),
  finding(deployment, 'k8s-container-requests-missing'),
  finding(adminBinding, 'k8s-rbac-cluster-admin-bound'),
  finding(secretReader, 'k8s-rbac-reads-secrets'),
  finding(node('prod', 'search/retired', 'kubernetes.service'), 'k8s-service-load-balancer-no-endpoints', { savings: 16.43, status: 'muted' }),
  finding(node('prod', 'search/nightly', 'kubernetes.cronjob'), 'k8s-cronjob-suspended', { status: 'resolved' }),
  finding(node('prod', 'bucket', 'aws.s3.bucket'), 'aws-cloudtrail-bucket-public'),
  finding(node('staging', 'default/x', 'kubernetes.deployment'), 'k8s-container-privileged'),
];

describe('Kubernetes API through the gateway (graph and findings seeded in SQLite)', () => {
  let harness: GatewayHarness;
  let reader: string;
  let nodesOnly: string;
  const get = (url: string, bearer = reader) => harness.call('GET', `/api/v1/tenants/${ACME}/kubernetes/clusters${url}`, bearer);

  beforeAll(async () => {
    harness = await startGatewayHarness('k8sapigw');
    const { admin, readStore } = harness;
    const post = (url: string, body: unknown) => harness.call('POST', url, admin, body);
    for (const id of [ACME, GLOBEX]) expect((await post('/api/v1/tenants', { id, name: id })).status).toBe(201);
    reader = String((await post(`/api/v1/tenants/${ACME}/tokens`, { name: 'ui', permissions: ['nodes:read', 'findings:read'] })).body['token']);
    nodesOnly = String((await post(`/api/v1/tenants/${ACME}/tokens`, { name: 'graph', permissions: ['nodes:read'] })).body['token']);
    const nodes = [...PROD, ...CLUSTERS, node('staging', 'default/x', 'kubernetes.deployment')];
    await readStore.collection(nodesCollection).forTenant(ACME).bulkUpsert(nodes.map((n) => ({ id: n.id, doc: nodeDocument(n) })));
    await readStore.collection(edgesCollection).forTenant(ACME).bulkUpsert(EDGES);
    await readStore.collection(findingsCollection).forTenant(ACME).bulkUpsert(FINDINGS);
    const theirs = node('globex-only', 'globex-only', 'kubernetes.cluster');
    await readStore.collection(nodesCollection).forTenant(GLOBEX).bulkUpsert([{ id: theirs.id, doc: nodeDocument(theirs) }]);
  });

  afterAll(() => harness?.close());

  it('shows a cluster: last discovery, counts of its active objects by kind, open findings and savings', async () => {
    const { status, body } = await get('/prod');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'prod', node_id: 'k8s:prod', status: 'active', version: 'v1.31.4-eks-2d5f260', platform: 'eks', server_host: '10.0.0.1', region: 'eu-west-1',
      first_seen: AT, last_discovery: { job_id: 'job-prod-2', observed_at: SEEN },
      open_findings: { compliance: 4, cost: 4 },
      // The muted load balancer and the aws bucket's finding are not the cluster's open ones.
      estimated_monthly_savings: 53.5, currency: 'USD',
    });
    expect(body['counts']).toEqual({
      nodes: 2, namespaces: 3, pods: 2, workloads: { deployments: 1, statefulsets: 0, daemonsets: 1, replicasets: 1, jobs: 0, cronjobs: 1 },
      services: 2, ingresses: 0, persistent_volumes: 1, persistent_volume_claims: 1, storage_classes: 0, config_maps: 0, secrets: 0, service_accounts: 0,
      network_policies: 0, pod_disruption_budgets: 0, horizontal_pod_autoscalers: 0, roles: 0, cluster_roles: 1, role_bindings: 1, cluster_role_bindings: 1,
    });
  });

  it('lists the clusters in keyset pages, every one once', async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const { status, body } = await get(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(status).toBe(200);
      names.push(...body.items!.map((item) => String(item['name'])));
      const page = body['page'] as { limit: number; next_cursor: string | null; has_more: boolean };
      expect(page.limit).toBe(2);
      if (!page.has_more) break;
      cursor = page.next_cursor!;
    }
    expect(names).toEqual([EKS_ARN, 'dev', 'prod', 'qa', 'staging']);
    const staging = (await get('?limit=100')).body.items!.find((item) => item['name'] === 'staging')!;
    expect(staging).toMatchObject({ open_findings: { compliance: 1, cost: 0 }, counts: expect.objectContaining({ workloads: expect.objectContaining({ deployments: 1 }) }) });
  });

  it('refuses what is not its own: unknown and other tenants\' clusters 404, bad cursors and limits 400, missing permissions 403', async () => {
    for (const path of ['/nope', '/globex-only', '/globex-only/governance', '/nope/action-plan']) {
      const { status, body } = await get(path);
      expect([path, status, body['code']]).toEqual([path, 404, 'cluster_not_found']);
      expect(body['error']).toEqual(expect.any(String));
    }
    expect((await get('?cursor=bm90LWEtY3Vyc29y')).body).toMatchObject({ code: 'invalid_cursor' });
    expect((await get('?limit=0')).status).toBe(400);
    expect((await get('?bogus=1')).status).toBe(400);
    expect((await get('/prod/governance', nodesOnly)).status).toBe(403);
    expect((await get('', nodesOnly)).status).toBe(403);
    // A cursor of acme's list is refused in globex's.
    const first = await get('?limit=1');
    const cursor = (first.body['page'] as { next_cursor: string }).next_cursor;
    expect((await harness.call('GET', `/api/v1/tenants/${GLOBEX}/kubernetes/clusters?cursor=${encodeURIComponent(cursor)}`, harness.admin)).body).toMatchObject({ code: 'invalid_cursor' });
  });

  it('takes a cluster named by its EKS ARN, URL-encoded', async () => {
    const { status, body } = await get(`/${encodeURIComponent(EKS_ARN)}`);
    expect([status, body['name'], body['node_id']]).toEqual([200, EKS_ARN, `k8s:${EKS_ARN}`]);
    expect((await get(`/${encodeURIComponent(EKS_ARN)}/action-plan`)).body).toMatchObject({ cluster: EKS_ARN, steps_total: 0 });
  });

  it('reports governance from the open findings of the cluster, with RBAC subjects', async () => {
    const { status, body } = await get('/prod/governance');
    expect(status).toBe(200);
    expect(body).toMatchObject({ cluster: 'prod', last_discovery: { job_id: 'job-prod-2', observed_at: SEEN }, currency: 'USD' });
    const posture = body['security_posture'] as Json;
    expect(posture['open_findings']).toBe(4);
    expect(posture['by_namespace']).toEqual([
      { namespace: null, open_findings: 2, by_severity: { critical: 0, high: 1, medium: 1, low: 0, info: 0 } },
      { namespace: 'payments', open_findings: 2, by_severity: expect.objectContaining({ critical: 1 }) },
    ]);
    expect((body['resource_hygiene'] as Json)['without_requests']).toMatchObject({ count: 1, resources: [{ id: deployment.id, name: 'payments/api' }] });
    expect(body['cost_signals']).toMatchObject({ findings: 4, estimated_monthly_savings: 53.5 });
    const rbac = body['rbac_exposure'] as Record<string, Json>;
    expect(rbac['cluster_admin_bindings']!['items']).toEqual([
      expect.objectContaining({
        name: 'alice-admin',
        subjects: [{ kind: 'User', name: 'alice@example.com', binding: 'alice-admin' }, { kind: 'Group', name: 'system:masters', binding: 'alice-admin' }],
      }),
    ]);
    expect(rbac['secret_reading_roles']!['items']).toEqual([
      expect.objectContaining({ name: 'secret-reader', subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'payments', binding: 'payments/read-secrets' }] }),
    ]);
  });

  it('plans the clean-up by risk, rightsizing per owning deployment', async () => {
    const { status, body } = await get('/prod/action-plan');
    expect(status).toBe(200);
    type Step = { rule_id: string; commands: string[]; resources: { id: string }[]; estimated_monthly_savings: number | null };
    const groups = body['groups'] as Record<string, { steps: Step[]; estimated_monthly_savings: number }>;
    expect(groups['safe']!.steps).toEqual([
      expect.objectContaining({
        rule_id: 'k8s-pod-requests-above-usage',
        estimated_monthly_savings: 39,
        resources: [expect.objectContaining({ id: deployment.id }), expect.objectContaining({ id: pod1.id }), expect.objectContaining({ id: pod2.id })],
        // Busiest replica: 40m and 30 MiB, doubled; the init container is left out.
        commands: ['kubectl set resources deployment/api -n payments -c api --requests=cpu=80m,memory=60Mi'],
      }),
    ]);
    expect(groups['review']!.steps.map((s) => s.commands)).toEqual([['kubectl delete pv pvc-released']]);
    expect(groups['risky']!.steps.map((s) => [s.rule_id, s.commands])).toEqual([
      ['k8s-persistent-volume-claim-unused', ['kubectl delete pvc -n payments scratch']],
      ['k8s-container-privileged', ['kubectl edit deployment -n payments api']],
      ['k8s-rbac-cluster-admin-bound', ['kubectl delete clusterrolebinding alice-admin']],
    ]);
    expect(body).toMatchObject({ steps_total: 5, estimated_monthly_savings: 53.5, findings_not_planned: 2 });
  });

  it("converts savings to the tenant's currency", async () => {
    const patched = await harness.call('PATCH', `/api/v1/tenants/${ACME}/settings/general`, harness.admin, { currency: 'EUR' });
    expect(patched.status).toBe(200);
    const rate = (patched.body['exchange_rate'] as { rate: number }).rate;
    const cents = (value: number) => Math.round(value * 100) / 100;
    expect((await get('/prod')).body).toMatchObject({ currency: 'EUR', estimated_monthly_savings: cents(53.5 * rate) });
    expect((await get('/prod/action-plan')).body).toMatchObject({ currency: 'EUR', estimated_monthly_savings: cents(53.5 * rate) });
    expect(((await get('/prod/governance')).body['cost_signals'] as Json)['estimated_monthly_savings']).toBe(cents(53.5 * rate));
  });

  it("names only rules of the kubernetes pack, and plans a step for each of its waste rules", () => {
    const named = [...PLANNED_RULES, ...Object.values(HYGIENE_RULES), ...Object.values(RBAC_RULES)];
    expect(named.filter((id) => !RULES.has(id))).toEqual([]);
    const waste = [...RULES.values()].filter((r) => r.id.startsWith('k8s-') && r.kind === 'cost').map((r) => r.id);
    expect(waste.length).toBeGreaterThanOrEqual(7);
    expect(waste.filter((id) => !PLANNED_RULES.has(id))).toEqual([]);
  });

  it('documents the routes in the gateway OpenAPI document', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const document = JSON.parse(response.body) as Json & { paths: Record<string, Json> };
    expect(openApiProblems(document)).toEqual([]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tenants/{tenantID}/kubernetes/clusters',
        '/api/v1/tenants/{tenantID}/kubernetes/clusters/{cluster}',
        '/api/v1/tenants/{tenantID}/kubernetes/clusters/{cluster}/governance',
        '/api/v1/tenants/{tenantID}/kubernetes/clusters/{cluster}/action-plan',
      ]),
    );
    expect(JSON.stringify(document.paths['/api/v1/tenants/{tenantID}/kubernetes/clusters/{cluster}/action-plan'])).toContain('KubernetesActionPlan');
  });
});
