import { edgeId } from '@strata/contracts';
import { edgesAt, edgesCollection, nodesCollection, type StoredNode } from '@strata/inventory-feature';
import type { ReadStore } from '@strata/platform-read-store';
import type { NeighborsView, NeighborView } from '../graph-api.schemas';
import { toGraphNodeSummary } from '../graph-views';
import { requireNode } from '../get-node/node-details';
import { compareInStoreOrder } from '../paging/store-order';

export interface TraversalRequest {
  /** Hops from the node (1 to 3). */
  depth: number;
  /** Most neighbours to return; reaching more sets `truncated`. */
  limit: number;
  direction: 'both' | 'out' | 'in';
  edgeTypes?: readonly string[];
}

export interface TraversalBudget {
  /** Edges read at most per traversal, so a hub with a million edges cannot stall a request (default 20,000). */
  maxEdgesRead?: number;
  /** Node ids per `$in` query (default 500). */
  idsPerQuery?: number;
  /** Edges per page read (default 1,000). */
  pageSize?: number;
}

const DEFAULTS: Required<TraversalBudget> = { maxEdgesRead: 20_000, idsPerQuery: 500, pageSize: 1_000 };

/**
 * `GET .../nodes/{nodeID}/neighbors`: breadth-first over active edges, one level at a time, each
 * level read with `edgesAt` (a range of edge ids per node for the edges leaving it, an `$in` on
 * the `to` index for those entering it). Stops at `limit`
 * neighbours or `maxEdgesRead` edges, saying `truncated`.
 */
export class NeighborTraversal {
  private readonly budget: Required<TraversalBudget>;

  constructor(
    private readonly readStore: ReadStore,
    budget: TraversalBudget = {},
  ) {
    this.budget = { ...DEFAULTS, ...budget };
  }

  async traverse(tenantId: string, nodeId: string, request: TraversalRequest): Promise<NeighborsView> {
    const root = await requireNode(this.readStore, tenantId, nodeId);
    const depthOf = new Map<string, number>([[root.id, 0]]);
    const followed = new Map<string, { from: string; to: string; type: string }>();
    const truncated = await this.walk(tenantId, root.id, request, depthOf, followed);

    const reached = [...depthOf].filter(([id]) => id !== root.id);
    const stored = await this.nodesNamed(tenantId, reached.map(([id]) => id));
    const nodes: NeighborView[] = reached
      .map(([id, depth]): NeighborView => {
        const node = stored.get(id);
        return node ? { ...toGraphNodeSummary(node), depth, known: true } : { id, depth, known: false };
      })
      .sort((a, b) => a.depth - b.depth || compareInStoreOrder(a.id, b.id));
    return {
      root: toGraphNodeSummary(root),
      depth: request.depth,
      nodes,
      // An edge read after the cap was reached can lead to a node left out: it goes too.
      edges: [...followed.values()].filter((edge) => depthOf.has(edge.from) && depthOf.has(edge.to)),
      truncated,
    };
  }

  /** Fills `depthOf` and `followed` level by level; true when it stopped before the end. */
  private async walk(
    tenantId: string,
    rootId: string,
    request: TraversalRequest,
    depthOf: Map<string, number>,
    followed: Map<string, { from: string; to: string; type: string }>,
  ): Promise<boolean> {
    const edges = this.readStore.collection(edgesCollection).forTenant(tenantId);
    const types = request.edgeTypes ? new Set(request.edgeTypes) : undefined;
    const ends: ('from' | 'to')[] = request.direction === 'out' ? ['from'] : request.direction === 'in' ? ['to'] : ['from', 'to'];
    let edgesRead = 0;
    let frontier = [rootId];
    for (let depth = 1; depth <= request.depth && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const end of ends) {
        for (let start = 0; start < frontier.length; start += this.budget.idsPerQuery) {
          for await (const edge of edgesAt(edges, end, frontier.slice(start, start + this.budget.idsPerQuery), this.budget.pageSize)) {
            if (++edgesRead > this.budget.maxEdgesRead) return true;
            if (edge.status !== 'active' || (types && !types.has(edge.type))) continue;
            const other = end === 'from' ? edge.to : edge.from;
            if (!depthOf.has(other)) {
              // The root is in the map too: it holds `limit` neighbours once its size passes limit.
              if (depthOf.size > request.limit) return true;
              depthOf.set(other, depth);
              next.push(other);
            }
            followed.set(edgeId(edge), { from: edge.from, to: edge.to, type: edge.type });
          }
        }
      }
      frontier = next;
    }
    return false;
  }

  private async nodesNamed(tenantId: string, ids: string[]): Promise<Map<string, StoredNode>> {
    const nodes = this.readStore.collection(nodesCollection).forTenant(tenantId);
    const found = new Map<string, StoredNode>();
    for (let start = 0; start < ids.length; start += this.budget.idsPerQuery) {
      for (const [id, node] of await nodes.getMany(ids.slice(start, start + this.budget.idsPerQuery))) found.set(id, node);
    }
    return found;
  }
}
