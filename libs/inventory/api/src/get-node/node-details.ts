import { readNodes, type StoredNode } from '@strata/inventory-feature';
import type { ReadStore } from '@strata/platform-read-store';
import { DomainError } from '@strata/shared-domain';
import type { GraphEdgeView, GraphNodeView } from '../graph-api.schemas';
import { toGraphNode } from '../graph-views';
import type { EdgeListing, EdgePage } from '../list-edges/edge-listing';

/** A page of a node's edges in one direction, with the link to the rest. */
export interface NodeEdgePage {
  items: GraphEdgeView[];
  next_cursor?: string;
  next?: string;
}

export type NodeDetail = GraphNodeView & { edges: { outgoing: NodeEdgePage; incoming: NodeEdgePage } };

/** `node_not_found` (404): the tenant has no node with this id. */
export const nodeNotFound = (tenantId: string, nodeId: string): DomainError =>
  new DomainError('node_not_found', `tenant ${tenantId} has no node ${JSON.stringify(nodeId)}`);

/** Reads a node that must exist. */
export async function requireNode(readStore: ReadStore, tenantId: string, nodeId: string): Promise<StoredNode> {
  const node = (await readNodes(readStore, tenantId, [nodeId])).records.get(nodeId);
  if (!node) throw nodeNotFound(tenantId, nodeId);
  return node;
}

/**
 * `GET .../nodes/{nodeID}`: the node and the first page of its active edges each way. The
 * cursors are the edge list's own (`GET .../edges?from=<id>`), so `next` continues there.
 */
export class NodeDetails {
  constructor(
    private readonly readStore: ReadStore,
    private readonly edges: EdgeListing,
  ) {}

  async get(tenantId: string, nodeId: string, edgesLimit: number): Promise<NodeDetail> {
    const node = await requireNode(this.readStore, tenantId, nodeId);
    const [outgoing, incoming] = await Promise.all([
      this.edges.list(tenantId, { from: nodeId, status: 'active' }, { limit: edgesLimit }),
      this.edges.list(tenantId, { to: nodeId, status: 'active' }, { limit: edgesLimit }),
    ]);
    const link = (end: 'from' | 'to', page: EdgePage): NodeEdgePage => {
      if (!page.next_cursor) return page;
      const query = new URLSearchParams({ [end]: nodeId, limit: String(edgesLimit), cursor: page.next_cursor });
      return { ...page, next: `/api/v1/tenants/${encodeURIComponent(tenantId)}/edges?${query.toString()}` };
    };
    return { ...toGraphNode(node), edges: { outgoing: link('from', outgoing), incoming: link('to', incoming) } };
  }
}
