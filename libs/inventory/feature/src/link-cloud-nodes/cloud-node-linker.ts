import { edgeId } from '@strata/contracts';
import {
  CLOUD_LINK_SCOPE,
  EKS_NODE_LINK_TYPE,
  eksNodeInstance,
  eksNodeLinks,
  observeEdge,
  removeEdge,
  type EdgeRecord,
  type LinkableNode,
} from '@strata/inventory-domain';
import type { ReadStore, TenantCollection } from '@strata/platform-read-store';
import { KeyedLock } from '@strata/shared-domain';
import { nodeLockKeys } from '../ingest-batch/batch-ingestor';
import { edgesAt } from '../read-model/edges-at';
import { edgeDocument, edgesCollection, edgeSightingsCollection, nodesCollection, sightingDocument, statusKey, type StoredNode } from '../read-model/inventory-collections';

export interface CloudNodeLinkerOptions {
  readStore: ReadStore;
  /** Shared with the ingestor and the reconciler, so a node being removed is not linked meanwhile. */
  nodeLocks?: KeyedLock;
  clock?: () => Date;
  pageSize?: number;
}

export interface LinkOutcome {
  linked: number;
  unlinked: number;
}

const DEFAULT_PAGE_SIZE = 1000;

/**
 * Keeps the tenant's cross-provider links (see `eksNodeLinks`) true after a job's reconcile:
 * draws the links both ends of which are now in the graph, restores those a removal took away
 * when both ends are back, and removes those whose node no longer names that instance. A link
 * whose node or instance a reconcile removes goes with it, as every edge of a removed node does.
 * Tenant-wide on purpose: the EKS node and its instance are seen by jobs of two scopes, and the
 * later of the two draws the link. Costs one indexed read when the tenant has no Kubernetes nodes.
 */
export class CloudNodeLinker {
  private readonly nodeLocks: KeyedLock;
  private readonly clock: () => Date;

  constructor(private readonly options: CloudNodeLinkerOptions) {
    this.nodeLocks = options.nodeLocks ?? new KeyedLock();
    this.clock = options.clock ?? (() => new Date());
  }

  async link(tenantId: string, jobId: string): Promise<LinkOutcome> {
    const nodes = this.options.readStore.collection(nodesCollection).forTenant(tenantId);
    const edges = this.options.readStore.collection(edgesCollection).forTenant(tenantId);
    const kubernetesNodes = await this.active(nodes, 'kubernetes.node');
    if (kubernetesNodes.length === 0) return { linked: 0, unlinked: 0 };

    const named = new Set(kubernetesNodes.flatMap((node) => eksNodeInstance(node)?.instanceId ?? []));
    const instances = named.size === 0 ? [] : (await this.active(nodes, 'aws.ec2.instance')).filter((node) => named.has(String(node.attributes['instance_id'])));
    const wanted = new Map(eksNodeLinks(kubernetesNodes, instances).map((edge) => [edgeId(edge), edge]));

    const existing = new Map<string, EdgeRecord>();
    for await (const edge of edgesAt(edges, 'from', kubernetesNodes.map((node) => node.id), this.pageSize)) {
      if (edge.type === EKS_NODE_LINK_TYPE && edge.scope === CLOUD_LINK_SCOPE) existing.set(edgeId(edge), edge);
    }
    const toLink = [...wanted].filter(([id]) => existing.get(id)?.status !== 'active').map(([, edge]) => edge);
    const toUnlink = [...existing.values()].filter((edge) => edge.status === 'active' && !wanted.has(edgeId(edge)));
    if (toLink.length === 0 && toUnlink.length === 0) return { linked: 0, unlinked: 0 };

    const at = this.clock().toISOString();
    const ends = [...new Set([...toLink, ...toUnlink].flatMap((edge) => [edge.from, edge.to]))].map((id) => ({ id }));
    return this.nodeLocks.runAll(nodeLockKeys(tenantId, ends), async () => {
      // Under the nodes' locks, a link is drawn only between nodes still active: one a
      // concurrent reconcile removed since the reads above keeps no edge to it.
      const current = await nodes.getMany(ends.map(({ id }) => id));
      const isActive = (id: string) => current.get(id)?.status === 'active';
      const writes: { id: string; record: EdgeRecord }[] = [];
      for (const edge of toLink) {
        if (!isActive(edge.from) || !isActive(edge.to)) continue;
        writes.push({ id: edgeId(edge), record: observeEdge(existing.get(edgeId(edge)), edge, { jobId, scope: CLOUD_LINK_SCOPE, at }).record });
      }
      const linked = writes.length;
      for (const edge of toUnlink) writes.push({ id: edgeId(edge), record: removeEdge(edge, { jobId, at }) });
      if (writes.length > 0) {
        // Each link whole, document then sighting, as ingest and reconcile write records.
        await edges.bulkUpsert(writes.map(({ id, record }) => ({ id, doc: edgeDocument(record) })));
        await this.options.readStore.collection(edgeSightingsCollection).forTenant(tenantId).bulkUpsert(writes.map(({ id, record }) => ({ id, doc: sightingDocument(record) })));
      }
      return { linked, unlinked: writes.length - linked };
    });
  }

  private async active(nodes: TenantCollection<StoredNode>, type: string): Promise<LinkableNode[]> {
    const found: LinkableNode[] = [];
    let cursor: string | undefined;
    do {
      const page = await nodes.find({ where: { status_type: statusKey('active', type) }, limit: this.pageSize, ...(cursor ? { cursor } : {}) });
      for (const { id, doc } of page.items) found.push({ id, type: doc.type, ...(doc.region ? { region: doc.region } : {}), attributes: doc.attributes });
      cursor = page.nextCursor;
    } while (cursor);
    return found;
  }

  private get pageSize(): number {
    return this.options.pageSize ?? DEFAULT_PAGE_SIZE;
  }
}
