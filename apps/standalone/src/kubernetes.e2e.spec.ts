import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deleteNamespaceStreams, freePort, makeTempDir, runTypeScript, uniqueNamespace, useTestNats, type RunningProcess, type TempDir, type TestNats } from '@strata/testing';
import { ApiClient } from './fixtures/api-client';
import { runBuiltApp } from './fixtures/built-app';

const BOOTSTRAP = 'e2e-bootstrap-token-0123456789';
type Json = Record<string, unknown>;

describe('standalone: a kubernetes discovery of the fixture cluster, audited by the kubernetes pack', () => {
  let nats: TestNats;
  let dir: TempDir;
  let namespace: string;
  let cluster: RunningProcess;
  let strata: RunningProcess;
  let api: ApiClient;
  let kubeconfig: string;
  let firstJob: string;

  beforeAll(async () => {
    nats = await useTestNats();
    dir = await makeTempDir();
    namespace = uniqueNamespace('k8s');
    const path = join(dir.path, 'kubeconfig');
    cluster = runTypeScript({ name: 'fixture cluster', file: 'libs/plugins/kubernetes/src/fixtures/serve-fixture-cluster.ts', args: ['--size', '60', '--seed', 'e2e', '--kubeconfig', path] });
    await cluster.waitForOutput(/KUBECONFIG=/);
    kubeconfig = await readFile(path, 'utf8');
    const port = await freePort();
    strata = runBuiltApp('standalone', { NATS_URL: nats.url, STRATA_NS: namespace, STRATA_DATA_DIR: join(dir.path, 'data'), PORT: String(port), HOST: '127.0.0.1', STRATA_BOOTSTRAP_TOKEN: BOOTSTRAP, LOG_LEVEL: 'warn' });
    await strata.waitForOutput('Strata is running at');
    api = new ApiClient(`http://127.0.0.1:${port}`, BOOTSTRAP);
  });

  afterAll(async () => {
    const exit = await strata?.stop();
    await cluster?.kill();
    await deleteNamespaceStreams(nats.url, namespace);
    await nats.stop();
    await dir.remove();
    expect(exit).toBe(0);
  });

  const job = (config: Json, credential = 'cred-k8s') => ({ name: `k8s ${JSON.stringify(config).slice(0, 60)}`, plugins: ['kubernetes'], credential_id: credential, config });
  const activePods = async (prefix: string): Promise<Json[]> =>
    (await api.ok('GET', `/api/v1/tenants/demo/nodes?type=kubernetes.pod${prefix ? `&name_prefix=${prefix}` : ''}&limit=500`))['items'] as Json[];

  it('lists the plugin available, takes a kubeconfig credential, discovers the cluster and opens findings of the kubernetes pack', async () => {
    const plugins = (await api.ok('GET', '/api/v1/plugins'))['items'] as Json[];
    expect(plugins).toContainEqual(expect.objectContaining({ id: 'kubernetes', available: true }));
    await api.ok('POST', '/api/v1/tenants/demo/credentials', { id: 'cred-k8s', kind: 'kubernetes', name: 'Fixture cluster', secret: { kubeconfig } });

    const created = await api.ok('POST', '/api/v1/tenants/demo/jobs', job({ cluster_name: 'fixture', include_rbac: true }));
    firstJob = String(created['id']);
    const done = await api.jobIn('demo', firstJob, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', progress: { counts: { clusters: 1, pods: expect.any(Number), deployments: expect.any(Number), clusterRoles: expect.any(Number) } } });
    const log = await api.logOf('demo', String(created['id']));
    expect(log[0]).toMatchObject({ level: 'info', msg: 'Starting Kubernetes plugin for cluster fixture (v1.31.4-eks-2d5f260)' });

    const pods = await activePods('');
    expect(pods.length).toBeGreaterThan(60);
    expect(pods[0]).toMatchObject({ id: expect.stringMatching(/^k8s:fixture:[0-9a-f-]{36}$/), provider: 'kubernetes', account: 'fixture', scope: 'kubernetes:fixture' });

    const findings = (await api.ok('GET', '/api/v1/tenants/demo/findings?account=fixture&limit=500'))['items'] as Json[];
    const rules = new Set(findings.map((finding) => finding['rule_id']));
    for (const rule of ['k8s-container-privileged', 'k8s-pod-host-pid', 'k8s-rbac-cluster-admin-bound', 'k8s-node-not-ready', 'k8s-workload-missing-secret', 'k8s-persistent-volume-unbound', 'k8s-service-load-balancer-no-endpoints', 'k8s-deployment-scaled-to-zero', 'k8s-pod-requests-above-usage']) {
      expect(rules).toContain(rule);
    }
    expect(findings.find((finding) => finding['rule_id'] === 'k8s-persistent-volume-unbound')).toMatchObject({ kind: 'cost', estimated_monthly_savings: expect.any(Number) });
  });

  it('reports the cluster, its governance and its clean-up plan from what the job found', async () => {
    const T = '/api/v1/tenants/demo';
    const total = async (query: string) => (await api.ok('GET', `${T}/${query}`)) as Json;
    const all = async (type: string) => ((await total(`nodes?type=${type}&limit=500`))['items'] as Json[]).length;

    const clusters = (await total('kubernetes/clusters'))['items'] as Json[];
    expect(clusters.map((c) => c['name'])).toEqual(['fixture']);
    const cluster = await total('kubernetes/clusters/fixture');
    expect(cluster).toEqual(clusters[0]);
    const pods = await all('kubernetes.pod');
    expect(pods).toBeLessThan(500);
    expect(cluster).toMatchObject({
      name: 'fixture', status: 'active', version: 'v1.31.4-eks-2d5f260', platform: 'eks',
      last_discovery: { job_id: firstJob, observed_at: expect.any(String) },
      counts: expect.objectContaining({ pods, nodes: await all('kubernetes.node'), persistent_volumes: await all('kubernetes.persistentvolume'), cluster_role_bindings: await all('kubernetes.clusterrolebinding') }),
    });
    expect((cluster['counts'] as Json)['workloads']).toMatchObject({ deployments: await all('kubernetes.deployment'), cronjobs: await all('kubernetes.cronjob') });
    expect((await api.call('GET', `${T}/kubernetes/clusters/elsewhere`)).status).toBe(404);

    // Governance and the plan agree with the Findings API over the same open findings.
    const compliance = await total('findings?account=fixture&kind=compliance&limit=1');
    const cost = await total('findings?account=fixture&kind=cost&limit=1');
    const governance = await total('kubernetes/clusters/fixture/governance');
    expect(governance).toMatchObject({ cluster: 'fixture', last_discovery: { job_id: firstJob }, currency: 'USD' });
    expect((governance['security_posture'] as Json)['open_findings']).toBe(compliance['total']);
    expect(governance['cost_signals']).toMatchObject({ findings: cost['total'], estimated_monthly_savings: cost['estimated_monthly_savings'] });
    const rbac = governance['rbac_exposure'] as Record<string, { items: { subjects: Json[] }[] }>;
    expect(rbac['cluster_admin_bindings']!.items.flatMap((item) => item.subjects)).toContainEqual(expect.objectContaining({ kind: 'User', name: 'alice@example.com' }));
    expect(rbac['secret_reading_roles']!.items.length).toBeGreaterThan(0);

    const plan = await total('kubernetes/clusters/fixture/action-plan');
    type Step = { rule_id: string; commands: string[]; resources: Json[] };
    const steps = (risk: string) => ((plan['groups'] as Record<string, { steps: Step[] }>)[risk]!.steps);
    const unbound = ((await total('findings?account=fixture&rule_id=k8s-persistent-volume-unbound&limit=500'))['items'] as Json[]).map((f) => String((f['node'] as Json)['name']));
    expect(unbound.length).toBeGreaterThan(0);
    expect(steps('review').filter((s) => s.rule_id === 'k8s-persistent-volume-unbound').flatMap((s) => s.commands).sort()).toEqual(unbound.map((name) => `kubectl delete pv ${name}`).sort());
    expect(steps('review').flatMap((s) => s.commands)).toContainEqual(expect.stringMatching(/^kubectl delete service -n [a-z0-9-]+ retired-api$/));
    expect(steps('review').flatMap((s) => s.commands)).toContainEqual(expect.stringMatching(/^kubectl delete deployment -n [a-z0-9-]+ legacy-worker$/));
    expect(steps('safe').flatMap((s) => s.commands)).toContainEqual(expect.stringMatching(/^kubectl set resources deployment\/[a-z0-9-]+ -n [a-z0-9-]+ -c [a-z0-9-]+ --requests=cpu=\d+m,memory=\d+Mi$/));
    expect(steps('risky').map((s) => s.rule_id)).toEqual(expect.arrayContaining(['k8s-container-privileged', 'k8s-rbac-cluster-admin-bound']));
    // Every waste rule has a step, so the plan saves what the cost findings do (to rounding).
    expect(plan['estimated_monthly_savings']).toBeCloseTo(Number(cost['estimated_monthly_savings']), 1);

    // The stored kubeconfig's contexts: names only.
    const contexts = await api.call('GET', `${T}/credentials/cred-k8s/contexts`);
    expect(contexts.body).toMatchObject({ credential_id: 'cred-k8s', current_context: expect.stringMatching(/^fixture-/), items: [expect.objectContaining({ current: true, supported: true, cluster: expect.any(String) })] });
    const token = /token: *"?([^"\s]+)/.exec(kubeconfig)?.[1];
    expect(token).toBeDefined();
    expect(JSON.stringify(contexts.body)).not.toContain(token);
  });

  it("runs the seed's inline base64 kubeconfig over one namespace without removing the others' nodes (its scope is narrowed)", async () => {
    const before = (await activePods('checkout/')).length;
    expect(before).toBeGreaterThan(0);
    const inline = Buffer.from(kubeconfig).toString('base64');
    const created = await api.ok('POST', '/api/v1/tenants/demo/jobs', job({ cluster_name: 'fixture', kubeconfig: inline, namespaces: ['payments'], include_rbac: true }, 'cred-demo'));
    expect(JSON.stringify(created)).not.toContain(inline);
    const done = await api.jobIn('demo', String(created['id']), ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', stats: { nodes_removed: 0 } });
    expect((await activePods('checkout/')).length).toBe(before);
    expect((await activePods('payments/'))[0]).toMatchObject({ scope: 'kubernetes:fixture/payments/rbac' });
  });

  it('fails a job whose API server does not answer with connection_refused', async () => {
    const closed = await freePort();
    await api.ok('POST', '/api/v1/tenants/demo/credentials', { id: 'cred-k8s-gone', kind: 'kubernetes', name: 'Gone', secret: { server: `https://127.0.0.1:${closed}`, token: 'gone-token' } });
    const created = await api.ok('POST', '/api/v1/tenants/demo/jobs', job({ cluster_name: 'gone' }, 'cred-k8s-gone'));
    const failed = await api.jobIn('demo', String(created['id']), ['failed', 'completed']);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'connection_refused', message: expect.stringContaining('unreachable') } });
    expect(JSON.stringify(failed)).not.toContain('gone-token');
  });
});
