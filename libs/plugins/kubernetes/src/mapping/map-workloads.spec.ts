import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { ClusterEstate } from '../fixtures';
import { mapCronJob, mapDeployment, mapJob, mapPod } from './map-workloads';
import { imageTag } from './pod-spec';

const estate = new ClusterEstate({ seed: 'mapping-spec', size: 100 });
const context = { cluster: 'fixture', region: 'eu-west-1' };
const ALL_LISTED = ['configmap', 'secret', 'serviceaccount'];
const teams = estate.namespaceNames.filter((name) => name !== 'default' && name !== 'kube-system');
const pods = (): V1Pod[] => estate.namespaceNames.flatMap((name) => estate.namespace(name)!.pods);
type Container = Record<string, unknown>;
const containersOf = (pod: V1Pod): Container[] => mapPod(context, pod, 'v1', { listedRefKinds: ALL_LISTED }).attributes['containers'] as Container[];

describe('workload mapping', () => {
  it('reads image tags: tagged, latest, untagged, by digest', () => {
    expect(imageTag('nginx:1.27')).toEqual({ image_tag: '1.27', image_latest: false });
    expect(imageTag('nginx:latest')).toEqual({ image_tag: 'latest', image_latest: true });
    expect(imageTag('busybox')).toEqual({ image_tag: '', image_latest: true });
    expect(imageTag('registry:5000/team/app')).toEqual({ image_tag: '', image_latest: true });
    expect(imageTag('registry:5000/team/app@sha256:abc')).toEqual({ image_tag: 'sha256:abc', image_latest: false });
  });

  it("maps a pod's identity, phase, node, restarts and containers", () => {
    const pod = estate.namespace(teams[0]!)!.pods.find((candidate) => candidate.status?.phase === 'Running')!;
    const node = mapPod(context, pod, 'v1', { listedRefKinds: ALL_LISTED, usage: { cpu_m: 10, memory_bytes: 20 } });
    expect(node).toMatchObject({
      id: `k8s:fixture:${pod.metadata!.uid}`,
      type: 'kubernetes.pod',
      name: `${teams[0]}/${pod.metadata!.name}`,
      region: 'eu-west-1',
      tags: pod.metadata!.labels,
      attributes: { phase: 'Running', node_name: pod.spec!.nodeName, usage: { cpu_m: 10, memory_bytes: 20 }, listed_ref_kinds: ALL_LISTED, created_at: pod.metadata!.creationTimestamp!.toISOString() },
    });
    expect(node.attributes['containers']).toHaveLength((pod.spec!.containers ?? []).length + (pod.spec!.initContainers ?? []).length);
    expect(mapPod(context, pod, 'v1', { listedRefKinds: ALL_LISTED }).attributes).not.toHaveProperty('usage');
  });

  it('reads the security facts the rules judge, leaving unset ones absent', () => {
    const containers = pods().flatMap(containersOf);
    expect(containers.some((container) => container['privileged'] === true)).toBe(true);
    expect(containers.some((container) => container['run_as_user'] === 0)).toBe(true);
    const escalating = containers.find((container) => container['allow_privilege_escalation'] === true)!;
    expect(escalating['capabilities_add']).toEqual(expect.arrayContaining(['NET_ADMIN', 'SYS_ADMIN']));
    const hardened = containers.find((container) => container['run_as_non_root'] === true)!;
    expect(hardened).toMatchObject({ read_only_root_filesystem: true });
    const unset = containers.find((container) => !('allow_privilege_escalation' in container) && !('run_as_user' in container));
    expect(unset).toBeDefined();
    const crashing = pods().find((pod) => pod.status?.containerStatuses?.some((status) => status.state?.waiting?.reason === 'CrashLoopBackOff'))!;
    const crashed = mapPod(context, crashing, 'v1', { listedRefKinds: ALL_LISTED });
    expect(crashed.attributes).toMatchObject({ crash_looping: true, restart_count: expect.any(Number) });
    expect(crashed.attributes['restart_count'] as number).toBeGreaterThanOrEqual(30);
  });

  it('reads requests and limits into millicores and bytes, and says when they are missing', () => {
    const containers = pods().flatMap(containersOf);
    const full = containers.find((container) => container['has_limits'] === true)!;
    expect(full).toMatchObject({ has_requests: true, cpu_limit_m: 1000, memory_limit_bytes: 512 * 2 ** 20 });
    const none = containers.find((container) => container['has_requests'] === false)!;
    expect(none).not.toHaveProperty('cpu_request_m');
  });

  it('reads host namespaces, writable host paths and references (required ones only)', () => {
    const all = pods().map((pod) => mapPod(context, pod, 'v1', { listedRefKinds: ALL_LISTED }).attributes);
    expect(all.some((pod) => pod['host_pid'] === true && pod['host_ipc'] === true)).toBe(true);
    const volumes = all.flatMap((pod) => pod['volumes'] as Record<string, unknown>[]);
    expect(volumes).toContainEqual(expect.objectContaining({ source: 'hostPath', host_path: '/var/run/docker.sock', read_only: false }));
    expect(volumes).toContainEqual(expect.objectContaining({ source: 'hostPath', host_path: '/var/log', read_only: true }));
    expect(all.some((pod) => (pod['secret_refs'] as string[]).includes('missing-credentials'))).toBe(true);
    expect(all.some((pod) => (pod['config_map_refs'] as string[]).includes('missing-settings'))).toBe(true);
    const optional: V1Pod = { metadata: { uid: 'u', name: 'p', namespace: 'n' }, spec: { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'maybe', optional: true } }, { configMapRef: { name: 'must' } }] }] } };
    expect(mapPod(context, optional, 'v1', { listedRefKinds: ALL_LISTED }).attributes).toMatchObject({ secret_refs: [], config_map_refs: ['must'], service_account: 'default' });
  });

  it('maps deployments with their template, and since when one is scaled to zero', () => {
    const deployments = teams.flatMap((name) => estate.namespace(name)!.deployments);
    const legacy = deployments.find((deployment) => deployment.metadata!.name === 'legacy-worker')!;
    const mapped = mapDeployment(context, legacy, 'apps/v1', ALL_LISTED);
    expect(mapped.attributes).toMatchObject({ replicas: 0, containers: expect.any(Array), template_labels: legacy.spec!.template.metadata!.labels });
    // Since its conditions last changed (the fixture's: when its replica set rolled out).
    const settled = legacy.status!.conditions!.map((condition) => new Date(condition.lastUpdateTime!).toISOString()).sort().at(-1);
    expect(mapped.attributes['scaled_to_zero_since']).toBe(settled);
    const untimed: V1Deployment = { ...legacy, status: { conditions: [{ type: 'Available', status: 'True' }] } };
    // Conditions without times: "since when" is unknown, so absent.
    expect(mapDeployment(context, untimed, 'apps/v1', ALL_LISTED).attributes).not.toHaveProperty('scaled_to_zero_since');
    const timed: V1Deployment = {
      ...legacy,
      status: {
        conditions: [
          { type: 'Available', status: 'True', lastUpdateTime: new Date('2026-09-01T00:00:00Z'), lastTransitionTime: new Date('2026-08-01T00:00:00Z') },
          { type: 'Progressing', status: 'True', lastUpdateTime: new Date('2026-09-02T10:00:00Z') },
        ],
      },
    };
    expect(mapDeployment(context, timed, 'apps/v1', ALL_LISTED).attributes['scaled_to_zero_since']).toBe('2026-09-02T10:00:00.000Z');
    const running = deployments.find((deployment) => (deployment.spec?.replicas ?? 0) > 0)!;
    expect(mapDeployment(context, running, 'apps/v1', ALL_LISTED).attributes).not.toHaveProperty('scaled_to_zero_since');
    const bare: V1Deployment = { metadata: { uid: 'u', name: 'd', namespace: 'n' }, spec: { selector: {}, template: {} } };
    expect(mapDeployment(context, bare, 'apps/v1', []).attributes).toMatchObject({ replicas: 1, service_account: 'default', containers: [] });
  });

  it('maps cron jobs and jobs with their templates', () => {
    const cronJobs = teams.flatMap((name) => estate.namespace(name)!.cronjobs);
    const cleanup = cronJobs.find((cronJob) => cronJob.metadata!.name === 'cleanup')!;
    expect(mapCronJob(context, cleanup, 'batch/v1', ALL_LISTED).attributes).toMatchObject({ suspend: true, schedule: cleanup.spec!.schedule, containers: expect.any(Array) });
    const job = teams.flatMap((name) => estate.namespace(name)!.jobs).find((candidate) => candidate.status?.completionTime)!;
    expect(mapJob(context, job, 'batch/v1', ALL_LISTED).attributes).toMatchObject({ completed_at: expect.any(String), succeeded: expect.any(Number), containers: expect.any(Array) });
  });
});
