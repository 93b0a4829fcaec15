import type { V1Container, V1ContainerStatus, V1PodSpec, V1SecurityContext, V1PodSecurityContext, V1Volume } from '@kubernetes/client-node';
import { definedOnly } from './kube-node';
import { bytes, millicores } from './quantity';

/** `image_tag` ("" when untagged; a digest counts as a tag) and whether it is `latest` or missing. */
export function imageTag(image: string | undefined): { image_tag: string; image_latest: boolean } {
  if (!image) return { image_tag: '', image_latest: true };
  const [withoutDigest, digest] = image.split('@') as [string, string | undefined];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : '';
  if (tag) return { image_tag: tag, image_latest: tag === 'latest' };
  if (digest) return { image_tag: digest, image_latest: false };
  return { image_tag: '', image_latest: true };
}

type Statuses = ReadonlyMap<string, V1ContainerStatus>;

function containerFacts(container: V1Container, init: boolean, pod: V1PodSecurityContext | undefined, statuses: Statuses | undefined): Record<string, unknown> {
  const security: V1SecurityContext = container.securityContext ?? {};
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  const cpuRequest = millicores(requests['cpu']);
  const memoryRequest = bytes(requests['memory']);
  const cpuLimit = millicores(limits['cpu']);
  const memoryLimit = bytes(limits['memory']);
  const status = statuses?.get(container.name);
  return definedOnly({
    name: container.name,
    init,
    image: container.image ?? '',
    ...imageTag(container.image),
    privileged: security.privileged === true,
    allow_privilege_escalation: security.allowPrivilegeEscalation,
    run_as_user: security.runAsUser ?? pod?.runAsUser,
    run_as_non_root: security.runAsNonRoot ?? pod?.runAsNonRoot,
    read_only_root_filesystem: security.readOnlyRootFilesystem,
    capabilities_add: [...(security.capabilities?.add ?? [])],
    cpu_request_m: cpuRequest,
    memory_request_bytes: memoryRequest,
    cpu_limit_m: cpuLimit,
    memory_limit_bytes: memoryLimit,
    has_requests: cpuRequest !== undefined && memoryRequest !== undefined,
    has_limits: cpuLimit !== undefined && memoryLimit !== undefined,
    liveness_probe: container.livenessProbe !== undefined,
    readiness_probe: container.readinessProbe !== undefined,
    ...(statuses === undefined
      ? {}
      : { restart_count: status?.restartCount ?? 0, waiting_reason: status?.state?.waiting?.reason, ready: status?.ready === true }),
  });
}

/** The containers (init first) of a pod spec; with statuses for a pod's own. */
export function containersOf(spec: V1PodSpec | undefined, statuses?: readonly V1ContainerStatus[]): Record<string, unknown>[] {
  if (!spec) return [];
  const byName: Statuses | undefined = statuses ? new Map(statuses.map((status) => [status.name, status])) : undefined;
  return [
    ...(spec.initContainers ?? []).map((container) => containerFacts(container, true, spec.securityContext, byName)),
    ...(spec.containers ?? []).map((container) => containerFacts(container, false, spec.securityContext, byName)),
  ];
}

function volumeSource(volume: V1Volume): string {
  if (volume.hostPath) return 'hostPath';
  if (volume.persistentVolumeClaim) return 'persistentVolumeClaim';
  if (volume.secret) return 'secret';
  if (volume.configMap) return 'configMap';
  if (volume.emptyDir) return 'emptyDir';
  if (volume.projected) return 'projected';
  return 'other';
}

/** Names referenced by a pod spec, required ones only (an optional reference's absence breaks nothing). */
export function podReferences(spec: V1PodSpec | undefined): { secrets: string[]; configMaps: string[] } {
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  if (!spec) return { secrets: [], configMaps: [] };
  for (const volume of spec.volumes ?? []) {
    if (volume.secret?.secretName && volume.secret.optional !== true) secrets.add(volume.secret.secretName);
    if (volume.configMap?.name && volume.configMap.optional !== true) configMaps.add(volume.configMap.name);
    for (const source of volume.projected?.sources ?? []) {
      if (source.secret?.name && source.secret.optional !== true) secrets.add(source.secret.name);
      if (source.configMap?.name && source.configMap.optional !== true) configMaps.add(source.configMap.name);
    }
  }
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const env of container.env ?? []) {
      const secret = env.valueFrom?.secretKeyRef;
      if (secret?.name && secret.optional !== true) secrets.add(secret.name);
      const configMap = env.valueFrom?.configMapKeyRef;
      if (configMap?.name && configMap.optional !== true) configMaps.add(configMap.name);
    }
    for (const from of container.envFrom ?? []) {
      if (from.secretRef?.name && from.secretRef.optional !== true) secrets.add(from.secretRef.name);
      if (from.configMapRef?.name && from.configMapRef.optional !== true) configMaps.add(from.configMapRef.name);
    }
  }
  for (const pull of spec.imagePullSecrets ?? []) if (pull.name) secrets.add(pull.name);
  return { secrets: [...secrets].sort(), configMaps: [...configMaps].sort() };
}

export function serviceAccountOf(spec: V1PodSpec | undefined): string {
  return spec?.serviceAccountName || spec?.serviceAccount || 'default';
}

/** The claims a pod spec mounts (`persistentVolumeClaim` volumes). */
export function claimNames(spec: V1PodSpec | undefined): string[] {
  return [...new Set((spec?.volumes ?? []).flatMap((volume) => (volume.persistentVolumeClaim?.claimName ? [volume.persistentVolumeClaim.claimName] : [])))];
}

/** RESOURCES.md "Pod spec facts", the same on pods and on workloads' templates. */
export function podSpecFacts(spec: V1PodSpec | undefined): Record<string, unknown> {
  const mounts = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].flatMap((container) => container.volumeMounts ?? []);
  const references = podReferences(spec);
  return {
    host_pid: spec?.hostPID === true,
    host_ipc: spec?.hostIPC === true,
    host_network: spec?.hostNetwork === true,
    service_account: serviceAccountOf(spec),
    automount_service_account_token: spec?.automountServiceAccountToken,
    volumes: (spec?.volumes ?? []).map((volume) =>
      definedOnly({
        name: volume.name,
        source: volumeSource(volume),
        host_path: volume.hostPath?.path,
        read_only: mounts.filter((mount) => mount.name === volume.name).every((mount) => mount.readOnly === true),
        claim_name: volume.persistentVolumeClaim?.claimName,
        secret_name: volume.secret?.secretName,
        config_map_name: volume.configMap?.name,
      }),
    ),
    secret_refs: references.secrets,
    config_map_refs: references.configMaps,
  };
}
