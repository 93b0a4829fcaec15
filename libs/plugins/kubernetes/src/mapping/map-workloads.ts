import type { V1CronJob, V1DaemonSet, V1Deployment, V1Job, V1Pod, V1PodTemplateSpec, V1ReplicaSet, V1StatefulSet } from '@kubernetes/client-node';
import type { ResourceNode } from '@strata/contracts';
import { isoTime, kubeNode, type MapContext } from './kube-node';
import { containersOf, podSpecFacts } from './pod-spec';

/** Which of `secret`, `configmap`, `serviceaccount` could be listed in the object's namespace. */
export type ListedRefKinds = readonly string[];

export interface PodUsage {
  cpu_m: number;
  memory_bytes: number;
}

function templateFacts(template: V1PodTemplateSpec | undefined, listedRefKinds: ListedRefKinds): Record<string, unknown> {
  return { ...podSpecFacts(template?.spec), containers: containersOf(template?.spec), listed_ref_kinds: [...listedRefKinds], template_labels: { ...(template?.metadata?.labels ?? {}) } };
}

export function mapPod(context: MapContext, pod: V1Pod, apiVersion: string, extras: { listedRefKinds: ListedRefKinds; usage?: PodUsage }): ResourceNode {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return kubeNode(context, 'Pod', apiVersion, pod, {
    ...podSpecFacts(pod.spec),
    containers: containersOf(pod.spec, statuses),
    listed_ref_kinds: [...extras.listedRefKinds],
    phase: pod.status?.phase,
    node_name: pod.spec?.nodeName,
    restart_count: statuses.reduce((sum, status) => sum + (status.restartCount ?? 0), 0),
    crash_looping: statuses.some((status) => status.state?.waiting?.reason === 'CrashLoopBackOff'),
    qos_class: pod.status?.qosClass,
    started_at: isoTime(pod.status?.startTime),
    usage: extras.usage,
  });
}

/** The latest condition update of a deployment scaled to zero: since when it has been so. */
function scaledToZeroSince(deployment: V1Deployment): string | undefined {
  if (deployment.spec?.replicas !== 0) return undefined;
  const times = (deployment.status?.conditions ?? [])
    .flatMap((condition) => [isoTime(condition.lastUpdateTime), isoTime(condition.lastTransitionTime)])
    .filter((time): time is string => time !== undefined)
    .sort();
  return times.at(-1);
}

export function mapDeployment(context: MapContext, deployment: V1Deployment, apiVersion: string, listedRefKinds: ListedRefKinds): ResourceNode {
  return kubeNode(context, 'Deployment', apiVersion, deployment, {
    ...templateFacts(deployment.spec?.template, listedRefKinds),
    replicas: deployment.spec?.replicas ?? 1,
    ready_replicas: deployment.status?.readyReplicas ?? 0,
    available_replicas: deployment.status?.availableReplicas ?? 0,
    selector: { ...(deployment.spec?.selector?.matchLabels ?? {}) },
    paused: deployment.spec?.paused === true,
    strategy: deployment.spec?.strategy?.type,
    scaled_to_zero_since: scaledToZeroSince(deployment),
  });
}

export function mapStatefulSet(context: MapContext, set: V1StatefulSet, apiVersion: string, listedRefKinds: ListedRefKinds): ResourceNode {
  return kubeNode(context, 'StatefulSet', apiVersion, set, {
    ...templateFacts(set.spec?.template, listedRefKinds),
    replicas: set.spec?.replicas ?? 1,
    ready_replicas: set.status?.readyReplicas ?? 0,
    available_replicas: set.status?.availableReplicas ?? 0,
    selector: { ...(set.spec?.selector?.matchLabels ?? {}) },
  });
}

export function mapDaemonSet(context: MapContext, set: V1DaemonSet, apiVersion: string, listedRefKinds: ListedRefKinds): ResourceNode {
  return kubeNode(context, 'DaemonSet', apiVersion, set, {
    ...templateFacts(set.spec?.template, listedRefKinds),
    replicas: set.status?.desiredNumberScheduled ?? 0,
    ready_replicas: set.status?.numberReady ?? 0,
    available_replicas: set.status?.numberAvailable ?? 0,
    selector: { ...(set.spec?.selector?.matchLabels ?? {}) },
  });
}

export function mapReplicaSet(context: MapContext, set: V1ReplicaSet, apiVersion: string, listedRefKinds: ListedRefKinds): ResourceNode {
  return kubeNode(context, 'ReplicaSet', apiVersion, set, {
    ...templateFacts(set.spec?.template, listedRefKinds),
    replicas: set.spec?.replicas ?? 1,
    ready_replicas: set.status?.readyReplicas ?? 0,
    available_replicas: set.status?.availableReplicas ?? 0,
    selector: { ...(set.spec?.selector?.matchLabels ?? {}) },
  });
}

export function mapJob(context: MapContext, job: V1Job, apiVersion: string, listedRefKinds: ListedRefKinds): ResourceNode {
  return kubeNode(context, 'Job', apiVersion, job, {
    ...templateFacts(job.spec?.template, listedRefKinds),
    completions: job.spec?.completions,
    parallelism: job.spec?.parallelism,
    active: job.status?.active ?? 0,
    succeeded: job.status?.succeeded ?? 0,
    failed: job.status?.failed ?? 0,
    completed_at: isoTime(job.status?.completionTime),
  });
}

export function mapCronJob(context: MapContext, cronJob: V1CronJob, apiVersion: string, listedRefKinds: ListedRefKinds): ResourceNode {
  return kubeNode(context, 'CronJob', apiVersion, cronJob, {
    ...templateFacts(cronJob.spec?.jobTemplate?.spec?.template, listedRefKinds),
    schedule: cronJob.spec?.schedule,
    suspend: cronJob.spec?.suspend === true,
    last_schedule_time: isoTime(cronJob.status?.lastScheduleTime),
    concurrency_policy: cronJob.spec?.concurrencyPolicy ?? 'Allow',
  });
}
