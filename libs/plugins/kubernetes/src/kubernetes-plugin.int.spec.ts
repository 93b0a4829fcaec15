import type { ResourceNode } from '@strata/contracts';
import { PluginAbortedError, PluginError } from '@strata/plugins-api';
import { ClusterEstate, KubernetesFixtureServer, type NamespacedResource } from './fixtures';
import { KUBE_KINDS } from './kubernetes-kinds';
import { kubernetesPlugin } from './kubernetes-plugin';
import { countByType, fixtureCredential, fixtureTokenCredential, runKubernetesPlugin, type KubernetesRunResult } from './testing/fixtures/run-kubernetes-plugin';

const PAGE_SIZE = 7;
const RBAC_TYPES = ['kubernetes.role', 'kubernetes.rolebinding', 'kubernetes.clusterrole', 'kubernetes.clusterrolebinding'];
const NAMESPACED: [string, NamespacedResource][] = Object.values(KUBE_KINDS)
  .filter((entry) => entry.namespaced)
  .map((entry) => [`kubernetes.${entry.kind.toLowerCase()}`, entry.plural as NamespacedResource]);

/** The node counts the estate should give, by type. */
function expectedCounts(estate: ClusterEstate, rbac: boolean): Record<string, number> {
  const cluster = estate.clusterObjects;
  const counts: Record<string, number> = {
    'kubernetes.cluster': 1,
    'kubernetes.node': cluster.nodes.length,
    'kubernetes.namespace': cluster.namespaces.length,
    'kubernetes.storageclass': cluster.storageclasses.length,
    'kubernetes.persistentvolume': [...estate.persistentVolumes()].length,
    ...(rbac ? { 'kubernetes.clusterrole': cluster.clusterroles.length, 'kubernetes.clusterrolebinding': cluster.clusterrolebindings.length } : {}),
  };
  for (const [type, resource] of NAMESPACED) {
    if (!rbac && RBAC_TYPES.includes(type)) continue;
    const count = estate.count(resource);
    if (count > 0) counts[type] = count;
  }
  return counts;
}

const failureOf = async (promise: Promise<unknown>): Promise<PluginError> => {
  try {
    await promise;
  } catch (error) {
    return error as PluginError;
  }
  throw new Error('the run did not fail');
};

describe('the kubernetes plugin, run against the fixture cluster with the real client', () => {
  let estate: ClusterEstate;
  let fixture: KubernetesFixtureServer;
  let run: KubernetesRunResult;
  const nodesOf = (type: string): ResourceNode[] => [...run.nodes.values()].filter((node) => node.type === type);
  const byName = (type: string, name: string): ResourceNode => {
    const found = nodesOf(type).find((node) => node.name === name);
    if (!found) throw new Error(`no ${type} ${name}`);
    return found;
  };
  const targets = (from: string, type: string) => run.edges.filter((edge) => edge.from === from && edge.type === type).map((edge) => edge.to);

  beforeAll(async () => {
    estate = new ClusterEstate({ seed: 'plugin-spec', size: 60 });
    fixture = await KubernetesFixtureServer.start({ estate });
    run = await runKubernetesPlugin({ cluster_name: 'fixture', include_rbac: true, page_size: PAGE_SIZE }, fixtureCredential(fixture));
  });

  afterAll(async () => {
    await fixture?.close();
  });

  beforeEach(() => {
    fixture.setFaults({});
    fixture.clearRequests();
  });

  it('finds every object of every kind once, with the ids, names, tags and common attributes of the contract', () => {
    expect(countByType(run.nodes.values())).toEqual(expectedCounts(estate, true));
    expect(run.emitted).toBe(run.nodes.size + run.edges.length);
    expect(new Set(run.edges.map((edge) => `${edge.from}|${edge.type}|${edge.to}`)).size).toBe(run.edges.length);
    const pod = estate.namespace('payments')!.pods[0]!;
    const node = run.nodes.get(`k8s:fixture:${pod.metadata!.uid}`)!;
    expect(node).toMatchObject({ type: 'kubernetes.pod', provider: 'kubernetes', account: 'fixture', region: 'eu-west-1', name: `payments/${pod.metadata!.name}`, tags: pod.metadata!.labels });
    expect(node.attributes).toMatchObject({ cluster: 'fixture', namespace: 'payments', object_name: pod.metadata!.name, uid: pod.metadata!.uid, api_version: 'v1', kind: 'Pod' });
    for (const found of run.nodes.values()) {
      expect(kubernetesPlugin.progressKey(found.type)).toEqual(expect.any(String));
      if (found.type === 'kubernetes.cluster') continue;
      expect(found.id).toBe(`k8s:fixture:${found.attributes['uid']}`);
      expect(found.name).toBe(found.attributes['namespace'] ? `${found.attributes['namespace']}/${found.attributes['object_name']}` : found.attributes['object_name']);
    }
    expect(run.nodes.get('k8s:fixture')).toMatchObject({ type: 'kubernetes.cluster', attributes: { version: 'v1.31.4-eks-2d5f260', platform: 'eks', server_host: new URL(fixture.url).host } });
  });

  it('draws every edge type of the contract, only between nodes it emitted', () => {
    const types = new Set(run.edges.map((edge) => edge.type));
    expect([...types].sort()).toEqual(
      ['applies_to', 'belongs_to', 'binds', 'bound_to', 'grants', 'in_cluster', 'in_namespace', 'mounts', 'owned_by', 'protects', 'routes_to', 'runs_on', 'scales', 'selects', 'uses'].sort(),
    );
    expect(run.edges.filter((edge) => !run.nodes.has(edge.from) || !run.nodes.has(edge.to))).toEqual([]);
  });

  it('joins pods to their node, owners, services, policies and what they use', () => {
    const payments = estate.namespace('payments')!;
    for (const pod of payments.pods) {
      const id = `k8s:fixture:${pod.metadata!.uid}`;
      const nodeUid = estate.clusterObjects.nodes.find((node) => node.metadata!.name === pod.spec!.nodeName)?.metadata!.uid;
      expect(targets(id, 'runs_on')).toEqual(nodeUid ? [`k8s:fixture:${nodeUid}`] : []);
      const owner = pod.metadata!.ownerReferences?.find((reference) => reference.controller);
      expect(targets(id, 'owned_by')).toEqual(owner ? [`k8s:fixture:${owner.uid}`] : []);
      const selecting = payments.services.filter((service) => {
        const selector = service.spec?.selector ?? {};
        return Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => pod.metadata!.labels?.[key] === value);
      });
      expect(run.edges.filter((edge) => edge.to === id && edge.type === 'selects').map((edge) => edge.from).sort()).toEqual(selecting.map((service) => `k8s:fixture:${service.metadata!.uid}`).sort());
    }
    const retired = byName('kubernetes.service', 'payments/retired-api');
    expect(targets(retired.id, 'selects')).toEqual([]);
    const pending = nodesOf('kubernetes.persistentvolumeclaim').find((claim) => claim.attributes['phase'] === 'Pending')!;
    expect(targets(pending.id, 'bound_to')).toEqual([]);
    const bound = nodesOf('kubernetes.persistentvolumeclaim').find((claim) => claim.attributes['phase'] === 'Bound')!;
    expect(targets(bound.id, 'bound_to')).toHaveLength(1);
  });

  it('reads what a missing reference is, and lists which reference kinds it could list', () => {
    const pods = nodesOf('kubernetes.pod').filter((pod) => (pod.attributes['secret_refs'] as string[]).includes('missing-credentials'));
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      expect(pod.attributes['listed_ref_kinds']).toEqual(['configmap', 'secret', 'serviceaccount']);
      const used = targets(pod.id, 'uses').map((id) => run.nodes.get(id)!.attributes['object_name']);
      expect(used).not.toContain('missing-credentials');
    }
  });

  it('follows continue tokens across pages, asking with limit', async () => {
    const again = await runKubernetesPlugin({ cluster_name: 'fixture', page_size: PAGE_SIZE }, fixtureCredential(fixture));
    const podLists = fixture.requests.filter((request) => request.verb === 'list' && request.resource === 'pods' && request.group === '');
    expect(podLists.length).toBeGreaterThan(2);
    expect(podLists.every((request) => new URLSearchParams(request.query).get('limit') === String(PAGE_SIZE))).toBe(true);
    expect(podLists.filter((request) => new URLSearchParams(request.query).has('continue')).length).toBe(podLists.length - 1);
    expect(countByType(again.nodes.values())['kubernetes.pod']).toBe(estate.count('pods'));
  });

  it('starts a list again when its continue token expired (410), handing out nothing twice', async () => {
    fixture.setFaults({ expireContinue: { count: 1, resource: 'pods' } });
    const again = await runKubernetesPlugin({ cluster_name: 'fixture', page_size: PAGE_SIZE }, fixtureCredential(fixture));
    expect(fixture.requests.some((request) => request.resource === 'pods' && request.status === 410)).toBe(true);
    expect(countByType(again.nodes.values())['kubernetes.pod']).toBe(estate.count('pods'));
    expect(again.emitted).toBe(again.nodes.size + again.edges.length);
    expect(again.logs).toContainEqual({ level: 'warn', msg: expect.stringContaining('continue token expired (410)') });
  });

  it('waits as long as a 429 says, then goes on', async () => {
    fixture.setFaults({ throttle: { requests: [2, 3], resource: 'pods', retryAfterSeconds: 1 } });
    const started = Date.now();
    const again = await runKubernetesPlugin({ cluster_name: 'fixture', page_size: PAGE_SIZE }, fixtureCredential(fixture));
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(fixture.requests.filter((request) => request.status === 429)).toHaveLength(2);
    expect(countByType(again.nodes.values())['kubernetes.pod']).toBe(estate.count('pods'));
    expect(again.logs).toContainEqual({ level: 'info', msg: expect.stringContaining('throttled 2 request(s)') });
  });

  it('fails with rate_limited when throttled past max_attempts', async () => {
    fixture.setFaults({ throttle: { requests: [1, 2, 3, 4, 5, 6, 7, 8], retryAfterSeconds: 0 } });
    const failure = await failureOf(runKubernetesPlugin({ cluster_name: 'fixture', max_attempts: 2 }, fixtureCredential(fixture)));
    expect(failure).toBeInstanceOf(PluginError);
    expect(failure.code).toBe('rate_limited');
  });

  it('skips a kind it may not list with a warning naming the verb and resource, and goes on', async () => {
    fixture.setFaults({ forbidden: ['secrets', { resource: 'deployments', group: 'apps', verbs: ['list'] }] });
    const again = await runKubernetesPlugin({ cluster_name: 'fixture', page_size: 50 }, fixtureCredential(fixture));
    const counts = countByType(again.nodes.values());
    expect(counts['kubernetes.secret']).toBeUndefined();
    expect(counts['kubernetes.deployment']).toBeUndefined();
    expect(counts['kubernetes.pod']).toBe(estate.count('pods'));
    const warnings = again.logs.filter((line) => line.level === 'warn').map((line) => line.msg);
    expect(warnings).toEqual([
      expect.stringMatching(/^Skipping secrets: insufficient permissions \(cannot list resource "secrets" in API group "" at the cluster scope\)$/),
      expect.stringMatching(/^Skipping deployments\.apps: insufficient permissions \(cannot list resource "deployments" in API group "apps"/),
    ]);
    for (const node of again.nodes.values()) {
      if (node.type === 'kubernetes.pod' || node.type === 'kubernetes.replicaset') expect(node.attributes['listed_ref_kinds']).toEqual(['configmap', 'serviceaccount']);
    }
  });

  it('discovers only the namespaces given, listing namespaced kinds in each', async () => {
    const again = await runKubernetesPlugin({ cluster_name: 'fixture', namespaces: ['payments', 'checkout'] }, fixtureCredential(fixture));
    const namespaced = [...again.nodes.values()].filter((node) => node.attributes['namespace'] !== undefined);
    expect(new Set(namespaced.map((node) => node.attributes['namespace']))).toEqual(new Set(['payments', 'checkout']));
    expect(countByType(again.nodes.values())['kubernetes.pod']).toBe(estate.namespace('payments')!.pods.length + estate.namespace('checkout')!.pods.length);
    expect([...again.nodes.values()].filter((node) => node.type === 'kubernetes.namespace').map((node) => node.name).sort()).toEqual(['checkout', 'payments']);
    const namespacedLists = fixture.requests.filter((request) => request.verb === 'list' && request.resource === 'pods');
    expect(new Set(namespacedLists.map((request) => request.namespace))).toEqual(new Set(['payments', 'checkout']));
    expect(kubernetesPlugin.scopeOf(kubernetesPluginConfig({ cluster_name: 'fixture', namespaces: ['payments', 'checkout'] }), {})).toBe('kubernetes:fixture/checkout,payments/no-rbac');
  });

  it('leaves RBAC out unless include_rbac, without asking for it', async () => {
    const again = await runKubernetesPlugin({ cluster_name: 'fixture' }, fixtureCredential(fixture));
    const types = Object.keys(countByType(again.nodes.values()));
    for (const type of RBAC_TYPES) expect(types).not.toContain(type);
    expect(fixture.requests.filter((request) => request.group === 'rbac.authorization.k8s.io' && request.verb === 'list')).toEqual([]);
    expect(again.edges.filter((edge) => edge.type === 'grants' || edge.type === 'binds')).toEqual([]);
  });

  it('never lets a secret value out: not in nodes, edges or log lines', () => {
    expect(estate.canary.length).toBeGreaterThan(8);
    const everything = JSON.stringify({ nodes: [...run.nodes.values()], edges: run.edges, logs: run.logs });
    expect(everything).not.toContain(estate.canary);
    const values = estate.namespaceNames.flatMap((name) => estate.namespace(name)!.secrets.flatMap((secret) => Object.values(secret.data ?? {})));
    expect(values.some((value) => Buffer.from(value, 'base64').toString('utf8').includes(estate.canary))).toBe(true);
    for (const value of values) expect(everything).not.toContain(value);
    const secret = nodesOf('kubernetes.secret').find((node) => (node.attributes['keys'] as string[]).length > 0)!;
    expect(secret.attributes).toMatchObject({ secret_type: expect.any(String), keys: expect.any(Array) });
  });

  it('reports progress per list, ending at all of them', () => {
    const [done, total] = run.progress.at(-1)!;
    expect(done).toBe(total);
    expect(total).toBe(Object.keys(KUBE_KINDS).length);
  });

  it('stops promptly when the job is cancelled', async () => {
    const controller = new AbortController();
    const partial: KubernetesRunResult = { nodes: new Map(), edges: [], logs: [], progress: [], emitted: 0 };
    fixture.setFaults({ latencyMs: 50 });
    const running = runKubernetesPlugin({ cluster_name: 'fixture', page_size: 5 }, fixtureCredential(fixture), { signal: controller.signal, result: partial });
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toBeInstanceOf(PluginAbortedError);
    expect(countByType(partial.nodes.values())['kubernetes.pod'] ?? 0).toBeLessThan(estate.count('pods'));
  });

  describe('credentials', () => {
    it('takes a client certificate', async () => {
      const again = await runKubernetesPlugin({ cluster_name: 'fixture', namespaces: ['payments'] }, fixtureCredential(fixture, 'client-certificate'));
      expect(countByType(again.nodes.values())['kubernetes.pod']).toBe(estate.namespace('payments')!.pods.length);
      expect(fixture.requests.every((request) => request.user === 'fixture-admin')).toBe(true);
    });

    it('takes server + token + certificate_authority_data, naming the cluster after the host', async () => {
      const credential = fixtureTokenCredential(fixture);
      const again = await runKubernetesPlugin({ namespaces: ['payments'] }, credential);
      expect(again.nodes.get('k8s:127.0.0.1')).toMatchObject({ type: 'kubernetes.cluster' });
      expect(countByType(again.nodes.values())['kubernetes.pod']).toBe(estate.namespace('payments')!.pods.length);
      expect(JSON.stringify(again)).not.toContain(credential['token']);
    });

    it("takes the seed's inline base64 kubeconfig, naming the cluster after its context", async () => {
      const again = await runKubernetesPlugin({ namespaces: ['payments'] }, { kubeconfig: Buffer.from(fixture.kubeconfig()).toString('base64') });
      expect(again.nodes.get('k8s:fixture')).toMatchObject({ type: 'kubernetes.cluster' });
    });

    it('fails with invalid_credential on a 401', async () => {
      const failure = await failureOf(runKubernetesPlugin({ cluster_name: 'fixture' }, { kubeconfig: fixture.kubeconfig({ token: 'not-the-token' }) }));
      expect(failure).toBeInstanceOf(PluginError);
      expect(failure.code).toBe('invalid_credential');
      expect(failure.message).not.toContain('not-the-token');
    });

    it('refuses an exec or auth-provider user before calling anything', async () => {
      const kubeconfig = fixture.kubeconfig().replace(/( {4}token: .*)/, '    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: /bin/touch\n      args: ["/tmp/strata-exec-ran"]');
      expect(kubeconfig).toContain('exec:');
      const failure = await failureOf(runKubernetesPlugin({ cluster_name: 'fixture' }, { kubeconfig }));
      expect(failure.code).toBe('invalid_credential');
      expect(failure.message).toMatch(/exec credential plugin .* not supported/);
      expect(fixture.requests).toEqual([]);
      const provider = fixture.kubeconfig().replace(/( {4}token: .*)/, '    auth-provider:\n      name: oidc');
      expect((await failureOf(runKubernetesPlugin({ cluster_name: 'fixture' }, { kubeconfig: provider }))).message).toContain('auth-provider');
    });
  });

  it('fails with connection_refused when the API server is unreachable', async () => {
    const other = await KubernetesFixtureServer.start({ estate });
    const kubeconfig = other.kubeconfig();
    await other.close();
    const failure = await failureOf(runKubernetesPlugin({ cluster_name: 'fixture' }, { kubeconfig }));
    expect(failure).toBeInstanceOf(PluginError);
    expect(failure.code).toBe('connection_refused');
    expect(failure.message).toMatch(/^Connection refused: the Kubernetes API server 127\.0\.0\.1:\d+ is unreachable/);
  });
});

function kubernetesPluginConfig(config: Record<string, unknown>) {
  return kubernetesPlugin.configSchema.parse(config);
}
