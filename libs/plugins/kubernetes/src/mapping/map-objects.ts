import type {
  V1ConfigMap,
  V1EndpointSlice,
  V1Ingress,
  V1Namespace,
  V1NetworkPolicy,
  V1Node,
  V1PersistentVolume,
  V1PersistentVolumeClaim,
  V1PodDisruptionBudget,
  V1Secret,
  V1Service,
  V1ServiceAccount,
  V1StorageClass,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { ResourceNode } from '@strata/contracts';
import { clusterNodeId, definedOnly, isoTime, kubeNode, type MapContext } from './kube-node';
import { bytes, millicores } from './quantity';

export type Platform = 'eks' | 'gke' | 'aks' | 'other';

/** The platform a node's providerID or labels say. */
export function nodePlatform(node: V1Node): Platform {
  const provider = node.spec?.providerID ?? '';
  const labels = node.metadata?.labels ?? {};
  if (provider.startsWith('aws://') || 'eks.amazonaws.com/nodegroup' in labels) return 'eks';
  if (provider.startsWith('gce://') || 'cloud.google.com/gke-nodepool' in labels) return 'gke';
  if (provider.startsWith('azure://') || 'kubernetes.azure.com/cluster' in labels) return 'aks';
  return 'other';
}

export function mapCluster(context: MapContext, facts: { version?: string; platform: Platform; serverHost: string }): ResourceNode {
  return {
    id: clusterNodeId(context.cluster),
    type: 'kubernetes.cluster',
    provider: 'kubernetes',
    account: context.cluster,
    ...(context.region === undefined ? {} : { region: context.region }),
    name: context.cluster,
    tags: {},
    attributes: definedOnly({ cluster: context.cluster, object_name: context.cluster, kind: 'Cluster', version: facts.version, platform: facts.platform, server_host: facts.serverHost }),
  };
}

export function mapNamespace(context: MapContext, namespace: V1Namespace, apiVersion: string): ResourceNode {
  return kubeNode(context, 'Namespace', apiVersion, namespace, { phase: namespace.status?.phase });
}

const AWS_PROVIDER_ID = /^aws:\/\/\/([^/]+)\/(i-[0-9a-f]+)$/;

/** The EC2 instance id of an EKS node (`aws:///<zone>/i-...`). */
export function awsInstanceId(providerId: string | undefined): string | undefined {
  return providerId ? AWS_PROVIDER_ID.exec(providerId)?.[2] : undefined;
}

function resources(list: Record<string, string> | undefined): Record<string, unknown> | undefined {
  if (!list) return undefined;
  return definedOnly({ cpu_m: millicores(list['cpu']), memory_bytes: bytes(list['memory']), pods: list['pods'] === undefined ? undefined : Number(list['pods']) });
}

export function mapNode(context: MapContext, node: V1Node, apiVersion: string): ResourceNode {
  const labels = node.metadata?.labels ?? {};
  const conditions = Object.fromEntries((node.status?.conditions ?? []).map((condition) => [condition.type, condition.status]));
  return kubeNode(context, 'Node', apiVersion, node, {
    ready: conditions['Ready'] === 'True',
    conditions,
    unschedulable: node.spec?.unschedulable === true,
    kubelet_version: node.status?.nodeInfo?.kubeletVersion,
    os_image: node.status?.nodeInfo?.osImage,
    container_runtime: node.status?.nodeInfo?.containerRuntimeVersion,
    provider_id: node.spec?.providerID,
    instance_type: labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'],
    zone: labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'],
    region: labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'],
    capacity: resources(node.status?.capacity),
    allocatable: resources(node.status?.allocatable),
    taint_count: node.spec?.taints?.length ?? 0,
    aws_instance_id: awsInstanceId(node.spec?.providerID),
  });
}

const INTERNAL_LB_ANNOTATIONS: readonly [key: string, internal: (value: string) => boolean][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', (value) => value === 'true' || value === '0.0.0.0/0'],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', (value) => value === 'internal'],
  ['networking.gke.io/load-balancer-type', (value) => value === 'Internal'],
  ['cloud.google.com/load-balancer-type', (value) => value === 'Internal'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', (value) => value === 'true'],
];

/** Whether an annotation asks the cloud for an internal load balancer. */
export function loadBalancerInternal(annotations: Readonly<Record<string, string>>): boolean {
  return INTERNAL_LB_ANNOTATIONS.some(([key, internal]) => annotations[key] !== undefined && internal(annotations[key]));
}

export function mapService(context: MapContext, service: V1Service, apiVersion: string, readyEndpoints: number): ResourceNode {
  const annotations = service.metadata?.annotations ?? {};
  const type = service.spec?.type ?? 'ClusterIP';
  const loadBalancer = type === 'LoadBalancer';
  return kubeNode(context, 'Service', apiVersion, service, {
    service_type: type,
    cluster_ip: service.spec?.clusterIP,
    selector: { ...(service.spec?.selector ?? {}) },
    ports: (service.spec?.ports ?? []).map((port) =>
      definedOnly({ name: port.name ?? '', port: port.port, protocol: port.protocol ?? 'TCP', target_port: port.targetPort ?? port.port, node_port: port.nodePort }),
    ),
    load_balancer_ingress: (service.status?.loadBalancer?.ingress ?? []).flatMap((ingress) => (ingress.ip ?? ingress.hostname ? [ingress.ip ?? ingress.hostname!] : [])),
    external_traffic_policy: service.spec?.externalTrafficPolicy,
    ready_endpoints: readyEndpoints,
    load_balancer_class: service.spec?.loadBalancerClass,
    lb_annotations: annotations['service.beta.kubernetes.io/aws-load-balancer-type'],
    load_balancer_internal: loadBalancer ? loadBalancerInternal(annotations) : undefined,
    load_balancer_source_ranges: loadBalancer ? [...(service.spec?.loadBalancerSourceRanges ?? [])] : undefined,
  });
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** Endpoints counted ready: `conditions.ready` unset means ready, as the API documents. */
export function readyEndpointCount(slice: V1EndpointSlice): number {
  return (slice.endpoints ?? []).filter((endpoint) => endpoint.conditions?.ready !== false).length;
}

export function mapEndpointSlice(context: MapContext, slice: V1EndpointSlice, apiVersion: string): ResourceNode {
  return kubeNode(context, 'EndpointSlice', apiVersion, slice, {
    service_name: slice.metadata?.labels?.[SERVICE_NAME_LABEL],
    address_type: slice.addressType,
    ready_endpoints: readyEndpointCount(slice),
    endpoints: (slice.endpoints ?? []).length,
  });
}

/** The services an ingress routes to (rules' backends and the default backend). */
export function ingressBackends(ingress: V1Ingress): string[] {
  const names = new Set<string>();
  const fallback = ingress.spec?.defaultBackend?.service?.name;
  if (fallback) names.add(fallback);
  for (const rule of ingress.spec?.rules ?? []) for (const path of rule.http?.paths ?? []) if (path.backend?.service?.name) names.add(path.backend.service.name);
  return [...names].sort();
}

export function mapIngress(context: MapContext, ingress: V1Ingress, apiVersion: string): ResourceNode {
  return kubeNode(context, 'Ingress', apiVersion, ingress, {
    ingress_class: ingress.spec?.ingressClassName ?? ingress.metadata?.annotations?.['kubernetes.io/ingress.class'],
    hosts: [...new Set((ingress.spec?.rules ?? []).flatMap((rule) => (rule.host ? [rule.host] : [])))].sort(),
    tls: (ingress.spec?.tls ?? []).length > 0,
    backend_services: ingressBackends(ingress),
  });
}

function volumeSourceOf(volume: V1PersistentVolume): string {
  const spec = volume.spec ?? {};
  if (spec.csi) return 'csi';
  if (spec.awsElasticBlockStore) return 'awsElasticBlockStore';
  if (spec.hostPath) return 'hostPath';
  if (spec.nfs) return 'nfs';
  if (spec.local) return 'local';
  return 'other';
}

/** Storage class name → its `type` parameter (`gp3`), for the volume types of PVs and claims. */
export type VolumeTypes = ReadonlyMap<string, string>;

export function mapPersistentVolume(context: MapContext, volume: V1PersistentVolume, apiVersion: string, volumeTypes: VolumeTypes): ResourceNode {
  const claim = volume.spec?.claimRef;
  const storageClass = volume.spec?.storageClassName;
  const phaseSince = isoTime((volume.status as { lastPhaseTransitionTime?: Date } | undefined)?.lastPhaseTransitionTime);
  return kubeNode(context, 'PersistentVolume', apiVersion, volume, {
    phase: volume.status?.phase,
    capacity_bytes: bytes(volume.spec?.capacity?.['storage']),
    storage_class: storageClass,
    reclaim_policy: volume.spec?.persistentVolumeReclaimPolicy,
    access_modes: [...(volume.spec?.accessModes ?? [])],
    claim_ref: claim?.name ? `${claim.namespace ?? ''}/${claim.name}` : undefined,
    volume_source: volumeSourceOf(volume),
    csi_driver: volume.spec?.csi?.driver,
    volume_handle: volume.spec?.csi?.volumeHandle ?? volume.spec?.awsElasticBlockStore?.volumeID,
    volume_type: storageClass ? volumeTypes.get(storageClass) : undefined,
    phase_since: phaseSince,
    released_at: volume.status?.phase === 'Released' ? phaseSince : undefined,
  });
}

export function mapPersistentVolumeClaim(context: MapContext, claim: V1PersistentVolumeClaim, apiVersion: string, volumeTypes: VolumeTypes): ResourceNode {
  const storageClass = claim.spec?.storageClassName;
  return kubeNode(context, 'PersistentVolumeClaim', apiVersion, claim, {
    phase: claim.status?.phase,
    requested_bytes: bytes(claim.spec?.resources?.requests?.['storage']),
    capacity_bytes: bytes(claim.status?.capacity?.['storage']),
    storage_class: storageClass,
    volume_name: claim.spec?.volumeName || undefined,
    access_modes: [...(claim.spec?.accessModes ?? [])],
    volume_type: storageClass ? volumeTypes.get(storageClass) : undefined,
  });
}

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';

export function mapStorageClass(context: MapContext, storageClass: V1StorageClass, apiVersion: string): ResourceNode {
  const annotations = storageClass.metadata?.annotations ?? {};
  return kubeNode(context, 'StorageClass', apiVersion, storageClass, {
    provisioner: storageClass.provisioner,
    reclaim_policy: storageClass.reclaimPolicy ?? 'Delete',
    volume_binding_mode: storageClass.volumeBindingMode ?? 'Immediate',
    parameters: { ...(storageClass.parameters ?? {}) },
    is_default: annotations[DEFAULT_CLASS] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true',
    volume_type: storageClass.parameters?.['type'],
  });
}

export function mapConfigMap(context: MapContext, configMap: V1ConfigMap, apiVersion: string): ResourceNode {
  return kubeNode(context, 'ConfigMap', apiVersion, configMap, {
    keys: [...Object.keys(configMap.data ?? {}), ...Object.keys(configMap.binaryData ?? {})].sort(),
  });
}

/** Metadata and key names only: a secret's values never leave this function. */
export function mapSecret(context: MapContext, secret: V1Secret, apiVersion: string): ResourceNode {
  const { metadata, type } = secret;
  const keys = [...new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})])].sort();
  // The last-applied annotation of a secret holds its values: only the apiVersion is read from it,
  // and annotation values are never copied (tags are labels).
  return kubeNode(context, 'Secret', apiVersion, { ...(metadata ? { metadata } : {}) }, { secret_type: type ?? 'Opaque', keys });
}

export function mapServiceAccount(context: MapContext, account: V1ServiceAccount, apiVersion: string): ResourceNode {
  return kubeNode(context, 'ServiceAccount', apiVersion, account, {
    automount_service_account_token: account.automountServiceAccountToken,
    is_default: account.metadata?.name === 'default',
    secret_names: (account.secrets ?? []).flatMap((ref) => (ref.name ? [ref.name] : [])),
    image_pull_secret_names: (account.imagePullSecrets ?? []).flatMap((ref) => (ref.name ? [ref.name] : [])),
  });
}

export function mapNetworkPolicy(context: MapContext, policy: V1NetworkPolicy, apiVersion: string): ResourceNode {
  return kubeNode(context, 'NetworkPolicy', apiVersion, policy, {
    pod_selector: { ...(policy.spec?.podSelector?.matchLabels ?? {}) },
    policy_types: [...(policy.spec?.policyTypes ?? (policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']))],
    ingress_rule_count: policy.spec?.ingress?.length ?? 0,
    egress_rule_count: policy.spec?.egress?.length ?? 0,
  });
}

export function mapPodDisruptionBudget(context: MapContext, budget: V1PodDisruptionBudget, apiVersion: string): ResourceNode {
  return kubeNode(context, 'PodDisruptionBudget', apiVersion, budget, {
    min_available: budget.spec?.minAvailable,
    max_unavailable: budget.spec?.maxUnavailable,
    selector: { ...(budget.spec?.selector?.matchLabels ?? {}) },
    current_healthy: budget.status?.currentHealthy,
    desired_healthy: budget.status?.desiredHealthy,
    expected_pods: budget.status?.expectedPods,
  });
}

export function mapHorizontalPodAutoscaler(context: MapContext, autoscaler: V2HorizontalPodAutoscaler, apiVersion: string): ResourceNode {
  return kubeNode(context, 'HorizontalPodAutoscaler', apiVersion, autoscaler, {
    target_kind: autoscaler.spec?.scaleTargetRef?.kind,
    target_name: autoscaler.spec?.scaleTargetRef?.name,
    min_replicas: autoscaler.spec?.minReplicas ?? 1,
    max_replicas: autoscaler.spec?.maxReplicas,
    current_replicas: autoscaler.status?.currentReplicas,
    desired_replicas: autoscaler.status?.desiredReplicas,
  });
}
