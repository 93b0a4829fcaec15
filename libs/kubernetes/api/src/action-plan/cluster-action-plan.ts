import type { ReadStore, TenantCollection } from '@strata/platform-read-store';
import { buildActionPlan, PLANNED_RULES, RIGHTSIZE_RULE, type PodSizing } from '@strata/kubernetes-domain';
import type { z } from 'zod';
import type { ClusterReader } from '../clusters/cluster-reader';
import { openClusterFindings } from '../cluster-findings';
import type { actionPlanSchema } from '../kubernetes-api.schemas';
import { graphEdgesView, graphNodesView, type GraphEdgeDocument, type GraphNodeDocument } from '../kubernetes-read-views';
import { TenantMoney } from '@strata/tenancy-settings';

type Container = { name?: unknown; init?: unknown; cpu_request_m?: unknown; memory_request_bytes?: unknown };
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
/** Owners `kubectl set resources` changes for their pods: a replica set's deployment, a job's cron job, walked up. */
const WALK_UP = new Set(['kubernetes.replicaset', 'kubernetes.job']);
const CHUNK = 500;

/** `GET .../kubernetes/clusters/{cluster}/action-plan`: the clean-up plan from the cluster's open findings. */
export class ClusterActionPlan {
  constructor(
    private readonly readStore: ReadStore,
    private readonly clusters: ClusterReader,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async plan(tenantId: string, cluster: string): Promise<z.infer<typeof actionPlanSchema>> {
    const { node } = await this.clusters.require(tenantId, cluster);
    const [findings, tenantMoney] = await Promise.all([openClusterFindings(this.readStore, tenantId, cluster), TenantMoney.of(this.readStore, tenantId)]);
    const { currency } = tenantMoney;
    const money = (usd: number) => tenantMoney.amount(usd);
    const planned = findings.filter((f) => PLANNED_RULES.has(f.rule_id));
    const sizing = await this.podSizing(tenantId, planned.filter((f) => f.rule_id === RIGHTSIZE_RULE).map((f) => f.node_id));
    const plan = buildActionPlan(findings, sizing, money);
    return { cluster, generated_at: this.clock().toISOString(), last_discovery: { job_id: node.last_seen_job, observed_at: node.last_seen }, currency, ...plan };
  }

  /** Each pod's requests and use, and the workload `kubectl set resources` changes for it. */
  private async podSizing(tenantId: string, podIds: readonly string[]): Promise<Map<string, PodSizing>> {
    const nodes = this.readStore.collection(graphNodesView).forTenant(tenantId);
    const edges = this.readStore.collection(graphEdgesView).forTenant(tenantId);
    const owners = new Map<string, PodSizing['owner']>();
    const out = new Map<string, PodSizing>();
    for (let i = 0; i < podIds.length; i += CHUNK) {
      const pods = await nodes.getMany(podIds.slice(i, i + CHUNK));
      for (const [id, pod] of pods) {
        const usage = pod.attributes['usage'] as { cpu_m?: unknown; memory_bytes?: unknown } | undefined;
        const containers = Array.isArray(pod.attributes['containers']) ? (pod.attributes['containers'] as Container[]) : [];
        if (!usage) continue;
        out.set(id, {
          owner: await this.ownerOf(id, nodes, edges, owners),
          containers: containers
            .filter((c) => c.init !== true && typeof c.name === 'string')
            .map((c) => ({
              name: c.name as string,
              ...(num(c.cpu_request_m) !== undefined ? { cpu_request_m: num(c.cpu_request_m)! } : {}),
              ...(num(c.memory_request_bytes) !== undefined ? { memory_request_bytes: num(c.memory_request_bytes)! } : {}),
            })),
          usage: { cpu_m: num(usage.cpu_m) ?? 0, memory_bytes: num(usage.memory_bytes) ?? 0 },
        });
      }
    }
    return out;
  }

  /** The pod's controlling workload, walked up from a replica set to its deployment and a job to its cron job; null for a bare pod. */
  private async ownerOf(
    podId: string,
    nodes: TenantCollection<GraphNodeDocument>,
    edges: TenantCollection<GraphEdgeDocument>,
    cache: Map<string, PodSizing['owner']>,
  ): Promise<PodSizing['owner']> {
    const direct = await ownedBy(podId, edges);
    if (direct === undefined) return null;
    const cached = cache.get(direct);
    if (cached !== undefined) return cached;
    let ownerId = direct;
    let owner = await nodes.get(ownerId);
    while (owner && WALK_UP.has(owner.type)) {
      const up = await ownedBy(ownerId, edges);
      const upper = up === undefined ? undefined : await nodes.get(up);
      if (!upper || up === undefined) break;
      ownerId = up;
      owner = upper;
    }
    const resolved = owner
      ? {
          kind: owner.type.replace(/^kubernetes\./, ''),
          id: ownerId,
          name: owner.name,
          namespace: typeof owner.attributes['namespace'] === 'string' ? (owner.attributes['namespace'] as string) : owner.name.split('/')[0]!,
          object_name: typeof owner.attributes['object_name'] === 'string' ? (owner.attributes['object_name'] as string) : owner.name.split('/').slice(1).join('/'),
        }
      : null;
    cache.set(direct, resolved);
    return resolved;
  }
}

/** The active `owned_by` edge leaving a node: edge ids are `from|type|to`, so it is a range of ids. */
async function ownedBy(nodeId: string, edges: TenantCollection<GraphEdgeDocument>): Promise<string | undefined> {
  const prefix = `${nodeId}|owned_by|`;
  const page = await edges.find({ where: { $id: { $gte: prefix, $lt: `${nodeId}|owned_by}` } }, limit: 5 });
  return page.items.find(({ doc }) => doc.status === 'active')?.doc.to;
}
