import {
  KubernetesObjectApi,
  Metrics,
  VersionApi,
  type V1ClusterRole,
  type V1ClusterRoleBinding,
  type V1ConfigMap,
  type V1CronJob,
  type V1DaemonSet,
  type V1Deployment,
  type V1EndpointSlice,
  type V1Ingress,
  type V1Job,
  type V1Namespace,
  type V1NetworkPolicy,
  type V1Node,
  type V1OwnerReference,
  type V1PersistentVolume,
  type V1PersistentVolumeClaim,
  type V1Pod,
  type V1PodDisruptionBudget,
  type V1PodSpec,
  type V1ReplicaSet,
  type V1Role,
  type V1RoleBinding,
  type V1Secret,
  type V1Service,
  type V1ServiceAccount,
  type V1StatefulSet,
  type V1StorageClass,
  type V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { JobLogLine, ResourceNode } from '@strata/contracts';
import { PluginAbortedError, PluginError, type DiscoveredItem, type PluginRunContext } from '@strata/plugins-api';
import { kubeConnection, type KubeConnection } from './core/kube-credential';
import { classifyKubeError, describeKubeError, statusCode } from './core/kube-errors';
import { listAll, withThrottleRetry, type ListOptions, type ListPage } from './core/kube-lister';
import type { KubernetesConfig } from './kubernetes-config';
import { KUBE_KINDS, resourceName, type KubeKind } from './kubernetes-kinds';
import { clusterNodeId, edge, labelsMatch, objectId, selectorMatches, type LabelSelectorLike, type MapContext } from './mapping/kube-node';
import {
  mapCluster,
  mapConfigMap,
  mapEndpointSlice,
  mapHorizontalPodAutoscaler,
  mapIngress,
  mapNamespace,
  mapNetworkPolicy,
  mapNode,
  mapPersistentVolume,
  mapPersistentVolumeClaim,
  mapPodDisruptionBudget,
  mapSecret,
  mapService,
  mapServiceAccount,
  mapStorageClass,
  ingressBackends,
  nodePlatform,
  readyEndpointCount,
  SERVICE_NAME_LABEL,
  type Platform,
} from './mapping/map-objects';
import { mapClusterRole, mapClusterRoleBinding, mapRole, mapRoleBinding } from './mapping/map-rbac';
import { mapCronJob, mapDaemonSet, mapDeployment, mapJob, mapPod, mapReplicaSet, mapStatefulSet, type PodUsage } from './mapping/map-workloads';
import { claimNames, podReferences, serviceAccountOf } from './mapping/pod-spec';
import { bytes, millicores } from './mapping/quantity';
import { kubernetesClusterName } from './kubernetes-scope';
import { NameIndex, SelectorIndex } from './core/discovery-indexes';

/** Knobs for tests; production uses the defaults. */
export interface KubernetesDiscoveryOptions {
  /** Waits of a 429 that names none, and the cap on any wait. */
  retryDelayMs?: { base: number; max: number };
}

type Log = (level: JobLogLine['level'], msg: string) => void;
type RefKind = 'secret' | 'configmap' | 'serviceaccount';
const REF_KINDS: readonly RefKind[] = ['configmap', 'secret', 'serviceaccount'];
/** Stands for every namespace in `forbidden` (a cluster-wide list was refused). */
const ALL = '*';

/**
 * One discovery of one cluster: lists every kind in {@link KUBE_KINDS}' order (cluster-wide, or
 * in each of `config.namespaces`), maps each object as it comes and draws the edges from compact
 * indexes of what came before.
 */
class ClusterDiscovery {
  private readonly objects: KubernetesObjectApi;
  private readonly context: MapContext;
  private readonly listOptions: ListOptions;
  private readonly namespaces: readonly string[] | undefined;
  private readonly kinds: readonly KubeKind[];
  private listsDone = 0;
  private readonly listsPlanned: number;
  private readonly counts = new Map<string, number>();
  private platform: Platform = 'other';
  private throttled = 0;
  private restarted = 0;

  // Indexes (uids by name, per namespace; '' for cluster-scoped kinds).
  private readonly uids = new Map<string, NameIndex>();
  private readonly owners = new Set<string>();
  private readonly nodeUids = new Map<string, string>();
  private readonly volumeTypes = new Map<string, string>();
  private readonly forbidden = new Set<string>();
  private readonly sliceReady = new Map<string, number>();
  private readonly slicesOf = new Map<string, string[]>();
  private readonly services = new SelectorIndex<Record<string, string>>();
  private readonly policies = new SelectorIndex<LabelSelectorLike | undefined>();
  private readonly budgets = new SelectorIndex<LabelSelectorLike | undefined>();
  private podUsage: Map<string, PodUsage> | undefined;
  private metricsAvailable: boolean;

  constructor(
    private readonly run: PluginRunContext<KubernetesConfig>,
    private readonly connection: KubeConnection,
    private readonly log: Log,
    cluster: string,
    options: KubernetesDiscoveryOptions,
  ) {
    this.objects = KubernetesObjectApi.makeApiClient(connection.kubeConfig);
    this.context = { cluster };
    this.namespaces = run.config.namespaces ? [...new Set(run.config.namespaces)].sort() : undefined;
    this.kinds = Object.values(KUBE_KINDS).filter((entry) => run.config.include_rbac || !('rbac' in entry && entry.rbac));
    this.listsPlanned = this.kinds.reduce((sum, entry) => sum + (entry.namespaced ? (this.namespaces?.length ?? 1) : 1), 0);
    this.metricsAvailable = run.config.metrics;
    this.listOptions = {
      pageSize: run.config.page_size,
      maxAttempts: run.config.max_attempts,
      signal: run.signal,
      ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
      onRetry: (what) => (what === 'throttled' ? this.throttled++ : this.restarted++),
    };
  }

  async *discover(): AsyncGenerator<DiscoveredItem> {
    const { cluster } = this.context;
    const version = await this.version();
    this.log('info', `Starting Kubernetes plugin for cluster ${cluster} (${version ?? 'version unknown'})${this.namespaces ? ` in namespaces ${this.namespaces.join(', ')}` : ''}`);
    this.run.reportProgress(0, this.listsPlanned);
    const k = KUBE_KINDS;
    yield* this.each<V1Node>(k.node, (node) => {
      const region = node.metadata?.labels?.['topology.kubernetes.io/region'];
      if (this.context.region === undefined && region) this.context.region = region;
      if (this.nodeUids.size === 0) this.platform = nodePlatform(node);
      this.nodeUids.set(node.metadata?.name ?? '', node.metadata?.uid ?? '');
      const mapped = mapNode(this.context, node, k.node.apiVersion);
      return [this.node(mapped), link(mapped.id, 'in_cluster', clusterNodeId(cluster))];
    });
    yield this.node(mapCluster(this.context, { ...(version ? { version } : {}), platform: this.platform, serverHost: hostOf(this.connection.server) }));
    yield* this.each<V1StorageClass>(k.storageClass, (storageClass) => {
      const type = storageClass.parameters?.['type'];
      if (type && storageClass.metadata?.name) this.volumeTypes.set(storageClass.metadata.name, type);
      return [this.node(mapStorageClass(this.context, storageClass, k.storageClass.apiVersion))];
    });
    yield* this.each<V1Namespace>(k.namespace, (namespace) => {
      const name = namespace.metadata?.name ?? '';
      if (this.namespaces && !this.namespaces.includes(name)) return [];
      this.index('Namespace', '', name, namespace.metadata?.uid);
      const mapped = mapNamespace(this.context, namespace, k.namespace.apiVersion);
      return [this.node(mapped), link(mapped.id, 'in_cluster', clusterNodeId(cluster))];
    });
    yield* this.each<V1PersistentVolume>(k.persistentVolume, (volume) => {
      this.index('PersistentVolume', '', volume.metadata?.name, volume.metadata?.uid);
      return [this.node(mapPersistentVolume(this.context, volume, k.persistentVolume.apiVersion, this.volumeTypes))];
    });
    if (this.run.config.include_rbac) yield* this.each<V1ClusterRole>(k.clusterRole, (role) => this.indexed(mapClusterRole(this.context, role, k.clusterRole.apiVersion), role));

    yield* this.each<V1Secret>(k.secret, (secret) => this.indexed(mapSecret(this.context, secret, k.secret.apiVersion), secret));
    yield* this.each<V1ConfigMap>(k.configMap, (map) => this.indexed(mapConfigMap(this.context, map, k.configMap.apiVersion), map));
    yield* this.each<V1ServiceAccount>(k.serviceAccount, (account) => this.indexed(mapServiceAccount(this.context, account, k.serviceAccount.apiVersion), account));
    yield* this.each<V1PersistentVolumeClaim>(k.persistentVolumeClaim, (claim) => {
      const mapped = this.indexed(mapPersistentVolumeClaim(this.context, claim, k.persistentVolumeClaim.apiVersion, this.volumeTypes), claim);
      const volume = claim.spec?.volumeName ? this.uidOf('PersistentVolume', '', claim.spec.volumeName) : undefined;
      return volume ? [...mapped, link(nodeIdOf(mapped), 'bound_to', volume)] : mapped;
    });
    yield* this.each<V1EndpointSlice>(k.endpointSlice, (slice) => {
      const mapped = this.indexed(mapEndpointSlice(this.context, slice, k.endpointSlice.apiVersion), slice);
      const service = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
      if (service) {
        const key = `${slice.metadata?.namespace}/${service}`;
        this.sliceReady.set(key, (this.sliceReady.get(key) ?? 0) + readyEndpointCount(slice));
        const slices = this.slicesOf.get(key);
        if (slices) slices.push(nodeIdOf(mapped));
        else this.slicesOf.set(key, [nodeIdOf(mapped)]);
      }
      return mapped;
    });
    yield* this.each<V1Service>(k.service, (service) => {
      const key = `${service.metadata?.namespace}/${service.metadata?.name}`;
      const mapped = this.indexed(mapService(this.context, service, k.service.apiVersion, this.sliceReady.get(key) ?? 0), service);
      const id = nodeIdOf(mapped);
      const selector = service.spec?.selector ?? {};
      // A service without a selector selects nothing (its endpoints are managed by hand).
      if (Object.keys(selector).length > 0) this.services.add(service.metadata?.namespace ?? '', id, selector);
      const slices = this.slicesOf.get(key) ?? [];
      this.slicesOf.delete(key);
      this.sliceReady.delete(key);
      return [...mapped, ...slices.map((slice) => link(slice, 'belongs_to', id))];
    });
    yield* this.each<V1Ingress>(k.ingress, (ingress) => {
      const mapped = this.indexed(mapIngress(this.context, ingress, k.ingress.apiVersion), ingress);
      const namespace = ingress.metadata?.namespace ?? '';
      const routes = ingressBackends(ingress).flatMap((name) => {
        const service = this.uidOf('Service', namespace, name);
        return service ? [link(nodeIdOf(mapped), 'routes_to', service)] : [];
      });
      return [...mapped, ...routes];
    });
    yield* this.each<V1NetworkPolicy>(k.networkPolicy, (policy) => {
      const mapped = this.indexed(mapNetworkPolicy(this.context, policy, k.networkPolicy.apiVersion), policy);
      this.policies.add(policy.metadata?.namespace ?? '', nodeIdOf(mapped), policy.spec?.podSelector);
      return mapped;
    });
    yield* this.each<V1PodDisruptionBudget>(k.podDisruptionBudget, (budget) => {
      const mapped = this.indexed(mapPodDisruptionBudget(this.context, budget, k.podDisruptionBudget.apiVersion), budget);
      this.budgets.add(budget.metadata?.namespace ?? '', nodeIdOf(mapped), budget.spec?.selector);
      return mapped;
    });
    yield* this.each<V1CronJob>(k.cronJob, (cronJob) =>
      this.workload(mapCronJob(this.context, cronJob, k.cronJob.apiVersion, this.listedRefKinds(cronJob)), cronJob, cronJob.spec?.jobTemplate?.spec?.template?.spec),
    );
    yield* this.each<V1Job>(k.job, (job) => this.workload(mapJob(this.context, job, k.job.apiVersion, this.listedRefKinds(job)), job, job.spec?.template?.spec));
    yield* this.each<V1Deployment>(k.deployment, (deployment) => [
      ...this.workload(mapDeployment(this.context, deployment, k.deployment.apiVersion, this.listedRefKinds(deployment)), deployment, deployment.spec?.template?.spec),
      ...this.protections(deployment, deployment.spec?.template?.metadata?.labels),
    ]);
    yield* this.each<V1StatefulSet>(k.statefulSet, (set) => [
      ...this.workload(mapStatefulSet(this.context, set, k.statefulSet.apiVersion, this.listedRefKinds(set)), set, set.spec?.template?.spec),
      ...this.protections(set, set.spec?.template?.metadata?.labels),
    ]);
    yield* this.each<V1DaemonSet>(k.daemonSet, (set) => this.workload(mapDaemonSet(this.context, set, k.daemonSet.apiVersion, this.listedRefKinds(set)), set, set.spec?.template?.spec));
    yield* this.each<V1ReplicaSet>(k.replicaSet, (set) => this.workload(mapReplicaSet(this.context, set, k.replicaSet.apiVersion, this.listedRefKinds(set)), set, set.spec?.template?.spec));
    yield* this.each<V2HorizontalPodAutoscaler>(k.horizontalPodAutoscaler, (autoscaler) => {
      const mapped = this.indexed(mapHorizontalPodAutoscaler(this.context, autoscaler, k.horizontalPodAutoscaler.apiVersion), autoscaler);
      const target = autoscaler.spec?.scaleTargetRef;
      const targetUid = target ? this.uidOf(target.kind, autoscaler.metadata?.namespace ?? '', target.name) : undefined;
      return targetUid ? [...mapped, link(nodeIdOf(mapped), 'scales', targetUid)] : mapped;
    });
    yield* this.eachPod();
    if (this.run.config.include_rbac) {
      yield* this.each<V1Role>(k.role, (role) => this.indexed(mapRole(this.context, role, k.role.apiVersion), role));
      yield* this.each<V1RoleBinding>(k.roleBinding, (binding) => this.binding(this.indexed(mapRoleBinding(this.context, binding, k.roleBinding.apiVersion), binding), binding));
      yield* this.each<V1ClusterRoleBinding>(k.clusterRoleBinding, (binding) =>
        this.binding(this.indexed(mapClusterRoleBinding(this.context, binding, k.clusterRoleBinding.apiVersion), binding), binding),
      );
    }
    this.summarize();
  }

  private async *eachPod(): AsyncGenerator<DiscoveredItem> {
    const k = KUBE_KINDS;
    yield* this.each<V1Pod>(
      k.pod,
      (pod) => {
        const namespace = pod.metadata?.namespace ?? '';
        const usage = this.podUsage?.get(`${namespace}/${pod.metadata?.name}`);
        const mapped = mapPod(this.context, pod, k.pod.apiVersion, { listedRefKinds: this.listedRefKinds(pod), ...(usage ? { usage } : {}) });
        const items = this.workload(mapped, pod, pod.spec);
        const node = pod.spec?.nodeName ? this.nodeUids.get(pod.spec.nodeName) : undefined;
        if (node) items.push(link(mapped.id, 'runs_on', objectId(this.context.cluster, node)));
        const labels = pod.metadata?.labels ?? {};
        for (const service of this.services.of(namespace)) if (labelsMatch(service.selector, labels)) items.push(link(service.id, 'selects', mapped.id));
        for (const policy of this.policies.of(namespace)) if (selectorMatches(policy.selector, labels)) items.push(link(policy.id, 'applies_to', mapped.id));
        return items;
      },
      (namespace) => this.readPodMetrics(namespace),
    );
  }

  /** metrics.k8s.io's pod usage of a namespace (or all), or nothing when the API does not answer. */
  private async readPodMetrics(namespace: string | undefined): Promise<void> {
    this.podUsage = undefined;
    if (!this.metricsAvailable) return;
    try {
      const list = await withThrottleRetry(() => new Metrics(this.connection.kubeConfig).getPodMetrics(namespace), this.listOptions, 'pod metrics');
      this.podUsage = new Map(
        list.items.map((item) => [
          `${item.metadata.namespace}/${item.metadata.name}`,
          {
            cpu_m: item.containers.reduce((sum, container) => sum + (millicores(container.usage.cpu) ?? 0), 0),
            memory_bytes: item.containers.reduce((sum, container) => sum + (bytes(container.usage.memory) ?? 0), 0),
          },
        ]),
      );
    } catch (error) {
      if (error instanceof PluginError || error instanceof PluginAbortedError) throw error;
      this.metricsAvailable = false;
      this.log('info', `metrics.k8s.io did not answer (${describeKubeError(error)}): pods' usage is left out`);
    }
  }

  /** A pod's or workload's edges: owner, namespace, what its spec uses and mounts. */
  private workload(mapped: ResourceNode, object: { metadata?: { namespace?: string; uid?: string; ownerReferences?: V1OwnerReference[] } }, spec: V1PodSpec | undefined): DiscoveredItem[] {
    const namespace = object.metadata?.namespace ?? '';
    const items = this.indexed(mapped, object);
    const owner = object.metadata?.ownerReferences?.find((reference) => reference.controller === true);
    if (owner && this.owners.has(owner.uid)) items.push(link(mapped.id, 'owned_by', objectId(this.context.cluster, owner.uid)));
    if (mapped.type !== 'kubernetes.pod' && object.metadata?.uid) this.owners.add(object.metadata.uid);
    const references = podReferences(spec);
    const used = [
      this.uidOf('ServiceAccount', namespace, serviceAccountOf(spec)),
      ...references.secrets.map((name) => this.uidOf('Secret', namespace, name)),
      ...references.configMaps.map((name) => this.uidOf('ConfigMap', namespace, name)),
    ];
    for (const uid of used) if (uid) items.push(link(mapped.id, 'uses', uid));
    for (const claim of claimNames(spec)) {
      const uid = this.uidOf('PersistentVolumeClaim', namespace, claim);
      if (uid) items.push(link(mapped.id, 'mounts', uid));
    }
    return items;
  }

  /** Budgets that protect a deployment or stateful set: their selector matches its template's labels. */
  private protections(object: { metadata?: { namespace?: string; uid?: string } }, templateLabels: Record<string, string> | undefined): DiscoveredItem[] {
    const id = objectId(this.context.cluster, object.metadata?.uid ?? '');
    return this.budgets
      .of(object.metadata?.namespace ?? '')
      .filter((budget) => selectorMatches(budget.selector, templateLabels ?? {}))
      .map((budget) => link(budget.id, 'protects', id));
  }

  private binding(items: DiscoveredItem[], binding: V1RoleBinding | V1ClusterRoleBinding): DiscoveredItem[] {
    const id = nodeIdOf(items);
    const namespace = binding.metadata?.namespace ?? '';
    const role = binding.roleRef.kind === 'ClusterRole' ? this.uidOf('ClusterRole', '', binding.roleRef.name) : this.uidOf('Role', namespace, binding.roleRef.name);
    if (role) items.push(link(id, 'grants', role));
    for (const subject of binding.subjects ?? []) {
      if (subject.kind !== 'ServiceAccount') continue;
      const account = this.uidOf('ServiceAccount', subject.namespace ?? namespace, subject.name);
      if (account) items.push(link(id, 'binds', account));
    }
    return items;
  }

  /** The node and its `in_namespace` edge, indexed by kind and name for the joins after it. */
  private indexed(mapped: ResourceNode, object: { metadata?: { namespace?: string; name?: string; uid?: string } }): DiscoveredItem[] {
    const kind = mapped.attributes['kind'] as string;
    const namespace = object.metadata?.namespace;
    this.index(kind, namespace ?? '', object.metadata?.name, object.metadata?.uid);
    const items: DiscoveredItem[] = [this.node(mapped)];
    const namespaceId = namespace ? this.uidOf('Namespace', '', namespace) : undefined;
    if (namespaceId) items.push(link(mapped.id, 'in_namespace', namespaceId));
    return items;
  }

  private index(kind: string, namespace: string, name: string | undefined, uid: string | undefined): void {
    // Nothing joins on a pod's name: the largest kind stays out of the indexes.
    if (!name || !uid || kind === 'Pod') return;
    let index = this.uids.get(kind);
    if (!index) this.uids.set(kind, (index = new NameIndex()));
    index.set(namespace, name, uid);
  }

  private uidOf(kind: string, namespace: string, name: string): string | undefined {
    const uid = this.uids.get(kind)?.get(namespace, name);
    return uid === undefined ? undefined : objectId(this.context.cluster, uid);
  }

  /** Which of the referenced kinds were listed in the object's namespace (a 403 is not "missing"). */
  private listedRefKinds(object: { metadata?: { namespace?: string } }): RefKind[] {
    const namespace = object.metadata?.namespace ?? '';
    return REF_KINDS.filter((kind) => !this.forbidden.has(`${kind}@${ALL}`) && !this.forbidden.has(`${kind}@${namespace}`));
  }

  private node(node: ResourceNode): DiscoveredItem {
    this.counts.set(node.type, (this.counts.get(node.type) ?? 0) + 1);
    return { kind: 'node', node };
  }

  /**
   * Lists one kind (cluster-wide, or in each namespace of the config) and streams what `map`
   * makes of each object. A 403 skips the kind (in that namespace) with a warning naming the
   * verb and resource; anything else ends the run.
   */
  private async *each<T extends { metadata?: { uid?: string } }>(
    entry: KubeKind,
    map: (object: T) => DiscoveredItem[],
    before?: (namespace: string | undefined) => Promise<void>,
  ): AsyncGenerator<DiscoveredItem> {
    const scopes: (string | undefined)[] = entry.namespaced && this.namespaces ? [...this.namespaces] : [undefined];
    for (const namespace of scopes) {
      await before?.(namespace);
      const what = `${resourceName(entry)}${namespace ? ` in namespace ${namespace}` : ''}`;
      try {
        for await (const page of listAll<T>((limit, token) => this.listPage<T>(entry, namespace, limit, token), this.listOptions, what)) {
          for (const object of page) {
            yield* map(object);
          }
        }
      } catch (error) {
        if (notServed(error)) {
          this.log('warn', `Skipping ${resourceName(entry)}: ${entry.apiVersion} is not served by this API server`);
          this.run.reportProgress(++this.listsDone, this.listsPlanned);
          continue;
        }
        if (classifyKubeError(error) !== 'forbidden') throw error;
        const where = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
        this.log('warn', `Skipping ${resourceName(entry)}${namespace ? ` in namespace ${namespace}` : ''}: insufficient permissions (cannot list resource "${entry.plural}" in API group "${groupOf(entry)}" ${where})`);
        const refKind = entry.kind.toLowerCase();
        if ((REF_KINDS as readonly string[]).includes(refKind)) this.forbidden.add(`${refKind}@${namespace ?? ALL}`);
      }
      this.run.reportProgress(++this.listsDone, this.listsPlanned);
    }
  }

  private async listPage<T>(entry: KubeKind, namespace: string | undefined, limit: number, continueToken: string | undefined): Promise<ListPage<T>> {
    if (this.run.signal.aborted) throw new PluginAbortedError();
    const page = await this.objects.list(entry.apiVersion, entry.kind, namespace, undefined, undefined, undefined, undefined, undefined, limit, continueToken);
    return page as unknown as ListPage<T>;
  }

  private async version(): Promise<string | undefined> {
    const info = await withThrottleRetry(() => this.connection.kubeConfig.makeApiClient(VersionApi).getCode(), this.listOptions, 'the version');
    return info.gitVersion;
  }

  private summarize(): void {
    const parts = [...this.counts].filter(([type]) => type !== 'kubernetes.cluster').map(([type, count]) => `${count} ${type.slice('kubernetes.'.length)}`);
    this.log('info', `Discovered ${parts.join(', ') || 'nothing'} in cluster ${this.context.cluster}`);
    if (this.throttled > 0) this.log('info', `The API server throttled ${this.throttled} request(s) (429); each was retried after its Retry-After`);
    if (this.restarted > 0) this.log('warn', `${this.restarted} list(s) started again after their continue token expired (410)`);
  }
}

const link = (from: string, type: string, to: string): DiscoveredItem => ({ kind: 'edge', edge: edge(from, type, to) });

/** The id of the node {@link ClusterDiscovery.indexed} put first. */
function nodeIdOf(items: readonly DiscoveredItem[]): string {
  const first = items[0];
  if (first?.kind !== 'node') throw new Error('no node first');
  return first.node.id;
}

/** The client could not find the kind in the API server's discovery (an older or trimmed cluster), or the list was 404. */
function notServed(error: unknown): boolean {
  if (classifyKubeError(error) === 'not_found') return true;
  return error instanceof Error && !(error instanceof PluginError) && /^Unrecognized API version and kind/.test(error.message);
}

function groupOf(entry: KubeKind): string {
  return entry.apiVersion.includes('/') ? entry.apiVersion.split('/')[0]! : '';
}

function hostOf(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

/**
 * Discovers the cluster the credential (and `config.context`) names. Failures the job reports:
 * `invalid_credential` (a kubeconfig that cannot be used, or a 401), `connection_refused` (the API
 * server cannot be reached), `rate_limited` (429s past `max_attempts`).
 */
export async function* discoverKubernetes(run: PluginRunContext<KubernetesConfig>, options: KubernetesDiscoveryOptions = {}): AsyncGenerator<DiscoveredItem> {
  if (run.signal.aborted) throw new PluginAbortedError();
  const connection = kubeConnection(run.credential, run.config.context);
  const cluster = kubernetesClusterName(run.config, run.credential) ?? connection.clusterName;
  try {
    yield* new ClusterDiscovery(run, connection, run.log, cluster, options).discover();
  } catch (error) {
    throw kubeRunFailure(error, run.signal, connection.server);
  }
}

/** What an error that ends the run becomes: a documented failure, the abort, or the error itself. */
export function kubeRunFailure(error: unknown, signal: AbortSignal, server: string): Error {
  if (signal.aborted || error instanceof PluginAbortedError) return new PluginAbortedError();
  if (error instanceof PluginError) return error;
  switch (classifyKubeError(error)) {
    case 'unauthorized':
      return new PluginError('invalid_credential', `The Kubernetes API server ${hostOf(server)} rejected the credential (401 Unauthorized): update the kubeconfig or token`);
    case 'unreachable':
      return new PluginError('connection_refused', `Connection refused: the Kubernetes API server ${hostOf(server)} is unreachable (${describeKubeError(error)})`);
    default: {
      const status = statusCode(error);
      return error instanceof Error ? new Error(`${status ? `Kubernetes API ${describeKubeError(error)}` : error.message}`) : new Error(String(error));
    }
  }
}
