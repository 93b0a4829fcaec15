/** A kind the plugin lists, as the API serves it. */
export interface KubeKind {
  kind: string;
  /** `v1`, `apps/v1`: the group/version listed (and reported as the nodes' `api_version`). */
  apiVersion: string;
  /** The resource name (plural), as permissions and the API name it. */
  plural: string;
  namespaced: boolean;
  /** Listed only with `include_rbac`. */
  rbac?: boolean;
  /** The progress counter of its nodes (the job's `progress.resources`). */
  progressKey: string;
}

const kind = (kind: string, apiVersion: string, plural: string, namespaced: boolean, progressKey: string, rbac = false): KubeKind => ({
  kind,
  apiVersion,
  plural,
  namespaced,
  progressKey,
  ...(rbac ? { rbac } : {}),
});

/**
 * Every kind RESOURCES.md lists, in the order a run lists them: what an edge or an attribute
 * needs to look up comes first (nodes give the region; storage classes the volume types; secrets,
 * config maps, service accounts and claims what pods use; endpoint slices what services have
 * ready; services, network policies and budgets the selectors pods and workloads are matched
 * against; owners before what they own), so nothing but compact indexes is kept.
 */
export const KUBE_KINDS = {
  node: kind('Node', 'v1', 'nodes', false, 'nodes'),
  storageClass: kind('StorageClass', 'storage.k8s.io/v1', 'storageclasses', false, 'storageClasses'),
  namespace: kind('Namespace', 'v1', 'namespaces', false, 'namespaces'),
  persistentVolume: kind('PersistentVolume', 'v1', 'persistentvolumes', false, 'persistentVolumes'),
  clusterRole: kind('ClusterRole', 'rbac.authorization.k8s.io/v1', 'clusterroles', false, 'clusterRoles', true),
  secret: kind('Secret', 'v1', 'secrets', true, 'secrets'),
  configMap: kind('ConfigMap', 'v1', 'configmaps', true, 'configMaps'),
  serviceAccount: kind('ServiceAccount', 'v1', 'serviceaccounts', true, 'serviceAccounts'),
  persistentVolumeClaim: kind('PersistentVolumeClaim', 'v1', 'persistentvolumeclaims', true, 'persistentVolumeClaims'),
  endpointSlice: kind('EndpointSlice', 'discovery.k8s.io/v1', 'endpointslices', true, 'endpointSlices'),
  service: kind('Service', 'v1', 'services', true, 'services'),
  ingress: kind('Ingress', 'networking.k8s.io/v1', 'ingresses', true, 'ingresses'),
  networkPolicy: kind('NetworkPolicy', 'networking.k8s.io/v1', 'networkpolicies', true, 'networkPolicies'),
  podDisruptionBudget: kind('PodDisruptionBudget', 'policy/v1', 'poddisruptionbudgets', true, 'podDisruptionBudgets'),
  cronJob: kind('CronJob', 'batch/v1', 'cronjobs', true, 'cronJobs'),
  job: kind('Job', 'batch/v1', 'jobs', true, 'jobs'),
  deployment: kind('Deployment', 'apps/v1', 'deployments', true, 'deployments'),
  statefulSet: kind('StatefulSet', 'apps/v1', 'statefulsets', true, 'statefulSets'),
  daemonSet: kind('DaemonSet', 'apps/v1', 'daemonsets', true, 'daemonSets'),
  replicaSet: kind('ReplicaSet', 'apps/v1', 'replicasets', true, 'replicaSets'),
  horizontalPodAutoscaler: kind('HorizontalPodAutoscaler', 'autoscaling/v2', 'horizontalpodautoscalers', true, 'horizontalPodAutoscalers'),
  pod: kind('Pod', 'v1', 'pods', true, 'pods'),
  role: kind('Role', 'rbac.authorization.k8s.io/v1', 'roles', true, 'roles', true),
  roleBinding: kind('RoleBinding', 'rbac.authorization.k8s.io/v1', 'rolebindings', true, 'roleBindings', true),
  clusterRoleBinding: kind('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'clusterrolebindings', false, 'clusterRoleBindings', true),
} as const satisfies Record<string, KubeKind>;

const PROGRESS_KEYS: ReadonlyMap<string, string> = new Map([
  ['kubernetes.cluster', 'clusters'],
  ...Object.values(KUBE_KINDS).map((entry): [string, string] => [`kubernetes.${entry.kind.toLowerCase()}`, entry.progressKey]),
]);

export const kubernetesProgressKey = (type: string): string | undefined => PROGRESS_KEYS.get(type);

/** `deployments.apps`, `pods`: a resource as RBAC messages name it. */
export function resourceName(entry: KubeKind): string {
  const group = entry.apiVersion.includes('/') ? entry.apiVersion.split('/')[0] : '';
  return group ? `${entry.plural}.${group}` : entry.plural;
}
