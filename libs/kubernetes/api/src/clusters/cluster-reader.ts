import { createHash } from 'node:crypto';
import { DomainError } from '@strata/contracts';
import { decodeQueryCursor, encodeQueryCursor, invalidCursor } from '@strata/platform-http';
import { InvalidCursorError, type FindPage, type ReadStore } from '@strata/platform-read-store';
import { roundCents } from '@strata/kubernetes-domain';
import { z } from 'zod';
import type { KubernetesClusterListView, KubernetesClusterView, ListClustersQuery } from '../kubernetes-api.schemas';
import { clusterNodeId, findingsView, graphNodesView, KUBERNETES_TYPES, withLatestSightings, type GraphNodeDocument } from '../kubernetes-read-views';
import { TenantMoney } from '@strata/tenancy-settings';

/** The kinds counted, by the name each has in `counts` (workloads nested). */
const COUNTED = {
  nodes: 'node',
  namespaces: 'namespace',
  pods: 'pod',
  services: 'service',
  ingresses: 'ingress',
  persistent_volumes: 'persistentvolume',
  persistent_volume_claims: 'persistentvolumeclaim',
  storage_classes: 'storageclass',
  config_maps: 'configmap',
  secrets: 'secret',
  service_accounts: 'serviceaccount',
  network_policies: 'networkpolicy',
  pod_disruption_budgets: 'poddisruptionbudget',
  horizontal_pod_autoscalers: 'horizontalpodautoscaler',
  roles: 'role',
  cluster_roles: 'clusterrole',
  role_bindings: 'rolebinding',
  cluster_role_bindings: 'clusterrolebinding',
} as const;
const WORKLOADS = { deployments: 'deployment', statefulsets: 'statefulset', daemonsets: 'daemonset', replicasets: 'replicaset', jobs: 'job', cronjobs: 'cronjob' } as const;

/** A cluster as the reports know it: its graph node. */
export interface ClusterNode {
  name: string;
  node: GraphNodeDocument;
}

const clusterNotFound = (tenantId: string, cluster: string) => new DomainError('cluster_not_found', `tenant ${tenantId} has no Kubernetes cluster ${cluster}`);

/** `GET .../kubernetes/clusters[/{cluster}]`: the `kubernetes.cluster` nodes of a tenant, with what the graph and the findings say of each. */
export class ClusterReader {
  constructor(private readonly readStore: ReadStore) {}

  /** The cluster's node (active or removed), or `cluster_not_found` (another tenant's included). */
  async require(tenantId: string, cluster: string): Promise<ClusterNode> {
    const id = clusterNodeId(cluster);
    const doc = await this.readStore.collection(graphNodesView).forTenant(tenantId).get(id);
    if (!doc || doc.type !== 'kubernetes.cluster') throw clusterNotFound(tenantId, cluster);
    const [node] = await withLatestSightings(this.readStore, tenantId, [{ id, doc }]);
    return { name: cluster, node: node! };
  }

  async get(tenantId: string, cluster: string): Promise<KubernetesClusterView> {
    const found = await this.require(tenantId, cluster);
    return this.view(tenantId, found, await TenantMoney.of(this.readStore, tenantId));
  }

  /** Active clusters by node id (`k8s:<name>`), in keyset pages. */
  async list(tenantId: string, { limit, cursor }: ListClustersQuery): Promise<KubernetesClusterListView> {
    const queryId = createHash('sha256').update(JSON.stringify(['kubernetes-clusters', tenantId])).digest('base64url').slice(0, 16);
    const storeCursor = cursor === undefined ? undefined : decodeQueryCursor(cursor, queryId, z.object({ c: z.string() })).c;
    let page: FindPage<GraphNodeDocument>;
    try {
      page = await this.readStore
        .collection(graphNodesView)
        .forTenant(tenantId)
        .find({ where: { status_type: 'active|kubernetes.cluster' }, limit, ...(storeCursor !== undefined ? { cursor: storeCursor } : {}) });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw invalidCursor();
      throw error;
    }
    const money = await TenantMoney.of(this.readStore, tenantId);
    const sighted = await withLatestSightings(this.readStore, tenantId, page.items);
    const items = await Promise.all(page.items.map(({ id, doc }, i) => this.view(tenantId, { name: clusterName(id, doc), node: sighted[i]! }, money)));
    const next = page.nextCursor === undefined ? null : encodeQueryCursor(queryId, { c: page.nextCursor });
    return { items, page: { limit, next_cursor: next, has_more: next !== null } };
  }

  private async view(tenantId: string, { name, node }: ClusterNode, money: TenantMoney): Promise<KubernetesClusterView> {
    const nodes = this.readStore.collection(graphNodesView).forTenant(tenantId);
    const account = `active|${name}`;
    const countOf = (kind: string) => nodes.count({ status_type: `active|kubernetes.${kind}`, status_account: account });
    const countAll = async <K extends string>(kinds: Record<K, string>) =>
      Object.fromEntries(await Promise.all((Object.entries(kinds) as [K, string][]).map(async ([key, kind]) => [key, await countOf(kind)] as const))) as Record<K, number>;
    const findings = this.readStore.collection(findingsView).forTenant(tenantId);
    const open = { account: name, status: 'open', node_type: KUBERNETES_TYPES } as const;
    const [counts, workloads, compliance, cost, savings] = await Promise.all([
      countAll(COUNTED),
      countAll(WORKLOADS),
      findings.count({ ...open, kind: 'compliance' }),
      findings.count({ ...open, kind: 'cost' }),
      findings.sum('monthly_savings_usd', { ...open, kind: 'cost' }),
    ]);
    const attribute = (key: string): string | null => (typeof node.attributes[key] === 'string' ? (node.attributes[key] as string) : null);
    return {
      name,
      node_id: clusterNodeId(name),
      status: node.status,
      version: attribute('version'),
      platform: attribute('platform'),
      server_host: attribute('server_host'),
      region: node.region ?? null,
      first_seen: node.first_seen,
      last_discovery: { job_id: node.last_seen_job, observed_at: node.last_seen },
      counts: { ...counts, workloads },
      open_findings: { compliance, cost },
      estimated_monthly_savings: money.amount(roundCents(savings)),
      currency: money.currency,
    };
  }
}

/** The cluster a cluster node names: its account (the plugin's), else its id without `k8s:`. */
const clusterName = (id: string, node: GraphNodeDocument): string => node.account ?? id.replace(/^k8s:/, '');
