import { shellQuote } from './shell-quote';

/** A running pod's requests and use, and the workload that owns it (a deployment rather than its replica set). */
export interface PodSizing {
  /** The owning workload (`deployment`, `statefulset`, `daemonset`, `replicaset`, `job`, `cronjob`), null for a bare pod. */
  owner: { kind: string; id: string; name: string; namespace: string; object_name: string } | null;
  /** Containers that are not init containers. */
  containers: { name: string; cpu_request_m?: number; memory_request_bytes?: number }[];
  usage: { cpu_m: number; memory_bytes: number };
}

const MIB = 1024 * 1024;
/** The floors a new request never goes under: a container below them is starved by any spike. */
export const MIN_CPU_M = 10;
export const MIN_MEMORY_MIB = 16;

export interface ContainerRequests {
  container: string;
  cpu_m?: number;
  memory_mib?: number;
}

/**
 * New requests for a workload whose pods use `usage` at most: twice the use (the rule's target,
 * 100 % headroom) shared between the containers in proportion to what they request now, never
 * above their current request, never under the floors. A resource no container requests is left
 * alone.
 */
export function targetRequests(containers: PodSizing['containers'], usage: PodSizing['usage']): ContainerRequests[] {
  const totalCpu = containers.reduce((sum, c) => sum + (c.cpu_request_m ?? 0), 0);
  const totalMemory = containers.reduce((sum, c) => sum + (c.memory_request_bytes ?? 0), 0);
  return containers.map((c) => {
    const out: ContainerRequests = { container: c.name };
    if (c.cpu_request_m !== undefined && c.cpu_request_m > 0 && totalCpu > 0) {
      const share = (2 * usage.cpu_m * c.cpu_request_m) / totalCpu;
      out.cpu_m = Math.min(c.cpu_request_m, Math.max(MIN_CPU_M, Math.ceil(share)));
    }
    if (c.memory_request_bytes !== undefined && c.memory_request_bytes > 0 && totalMemory > 0) {
      const share = (2 * usage.memory_bytes * c.memory_request_bytes) / totalMemory;
      out.memory_mib = Math.min(Math.ceil(c.memory_request_bytes / MIB), Math.max(MIN_MEMORY_MIB, Math.ceil(share / MIB)));
    }
    return out;
  });
}

/** One `kubectl set resources` per container (each container gets its own figures). */
export function setResourcesCommands(owner: NonNullable<PodSizing['owner']>, requests: readonly ContainerRequests[]): string[] {
  return requests
    .filter((r) => r.cpu_m !== undefined || r.memory_mib !== undefined)
    .map((r) => {
      const values = [...(r.cpu_m !== undefined ? [`cpu=${r.cpu_m}m`] : []), ...(r.memory_mib !== undefined ? [`memory=${r.memory_mib}Mi`] : [])].join(',');
      return `kubectl set resources ${shellQuote(`${owner.kind}/${owner.object_name}`)} -n ${shellQuote(owner.namespace)} -c ${shellQuote(r.container)} --requests=${values}`;
    });
}
