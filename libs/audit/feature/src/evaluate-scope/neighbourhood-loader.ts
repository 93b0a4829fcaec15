import { MAX_NEIGHBOURS, toRuleNode, type EdgesRequest, type LoadedGraph, type PageEvaluation, type RuleNode } from '@strata/audit-domain';
import type { ReadStore, TenantCollection } from '@strata/platform-read-store';
import { inventoryEdgesView, inventoryNodesView, type InventoryEdgeView, type InventoryNodeView } from '../read-model/audit-collections';

const EDGE_PAGE = 2_000;

/**
 * Loads what a page's rules asked for into its graph view: for each request, the active edges of
 * that type at the node, and the active nodes at their other ends (at most `MAX_NEIGHBOURS`;
 * the total counts every active edge). Requests are served together: one node read per round, edges read
 * per request (a range of ids for outgoing edges, the `to` index for incoming ones).
 */
export class NeighbourhoodLoader {
  private readonly edges: TenantCollection<InventoryEdgeView>;
  private readonly nodes: TenantCollection<InventoryNodeView>;

  constructor(readStore: ReadStore, tenantId: string) {
    this.edges = readStore.collection(inventoryEdgesView).forTenant(tenantId);
    this.nodes = readStore.collection(inventoryNodesView).forTenant(tenantId);
  }

  /** Evaluates a page over `graph`, loading what its rules ask for, round by round, until they ask for nothing more. */
  async evaluate(evaluation: PageEvaluation, graph: LoadedGraph): Promise<PageEvaluation> {
    for (let requests = evaluation.evaluate(); requests.length > 0; requests = evaluation.evaluate()) await this.load(requests, graph);
    return evaluation;
  }

  async load(requests: readonly EdgesRequest[], graph: LoadedGraph): Promise<void> {
    const ends = new Map<EdgesRequest, string[]>();
    const incoming = requests.filter((request) => request.direction === 'in');
    for (const request of requests) if (request.direction === 'out') ends.set(request, await this.outgoing(request));
    for (const [request, ids] of await this.incoming(incoming)) ends.set(request, ids);

    const wanted = [...new Set([...ends.values()].flatMap((ids) => ids.slice(0, MAX_NEIGHBOURS * 2)))];
    const found = new Map<string, RuleNode>();
    for (const [id, doc] of await this.nodes.getMany(wanted)) if (doc.status === 'active') found.set(id, toRuleNode(doc));
    for (const [request, ids] of ends) {
      // An end that is not an active node (removed, or never discovered) is handed to no rule;
      // the count is of active edges, which reconcile removes with their nodes.
      const nodes = ids.flatMap((id) => found.get(id) ?? []);
      graph.set(request, { nodes: nodes.slice(0, MAX_NEIGHBOURS), total: ids.length });
    }
  }

  /** The ends of a node's active edges of a type leaving it: one range of edge ids. */
  private async outgoing({ nodeId, edgeType }: EdgesRequest): Promise<string[]> {
    const prefix = `${nodeId}|${edgeType}|`;
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.edges.find({ where: { $id: { $gte: prefix, $lt: `${nodeId}|${edgeType}}` } }, limit: EDGE_PAGE, ...(cursor ? { cursor } : {}) });
      for (const { doc } of page.items) if (doc.status === 'active' && doc.from === nodeId && doc.type === edgeType) ids.push(doc.to);
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  /** The sources of the active edges of each request's type entering its node, from the `to` index. */
  private async incoming(requests: readonly EdgesRequest[]): Promise<Map<EdgesRequest, string[]>> {
    const result = new Map<EdgesRequest, string[]>(requests.map((request) => [request, []]));
    if (requests.length === 0) return result;
    const byNode = new Map<string, EdgesRequest[]>();
    for (const request of requests) byNode.set(request.nodeId, [...(byNode.get(request.nodeId) ?? []), request]);
    let cursor: string | undefined;
    do {
      const page = await this.edges.find({ where: { to: { $in: [...byNode.keys()] } }, sort: { field: 'to' }, limit: EDGE_PAGE, ...(cursor ? { cursor } : {}) });
      for (const { doc } of page.items) {
        if (doc.status !== 'active') continue;
        for (const request of byNode.get(doc.to) ?? []) if (request.edgeType === doc.type) result.get(request)!.push(doc.from);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return result;
  }
}
