import type { EdgeStep } from '@strata/audit-domain';
import type { ReadStore, TenantCollection } from '@strata/platform-read-store';
import { findAll } from '@strata/platform-read-store';
import { inventoryEdgesView, type InventoryEdgeView } from '../read-model/audit-collections';

const PAGE = 2_000;
const IN_CHUNK = 500;

/**
 * The other ends of nodes' edges, active or removed (a removed edge may be what changed a
 * verdict): from the range of edge ids a node's outgoing edges are, and from the `to` index.
 */
export class EdgeEnds {
  private readonly edges: TenantCollection<InventoryEdgeView>;
  /** Edges already read, by the node they leave or enter: walks share their steps. */
  private readonly leaving = new Map<string, InventoryEdgeView[]>();
  private readonly entering = new Map<string, InventoryEdgeView[]>();

  constructor(readStore: ReadStore, tenantId: string) {
    this.edges = readStore.collection(inventoryEdgesView).forTenant(tenantId);
  }

  /** Every node at the other end of any edge of these nodes. */
  async neighboursAnyStatus(nodeIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const id of nodeIds) for (const edge of await this.from(id)) found.add(edge.to);
    for (const edge of await this.to(nodeIds)) found.add(edge.from);
    return found;
  }

  /**
   * The nodes one step back along `step` from `nodeIds`: those whose `step` leads to one of them
   * (the sources of `edgeType` edges entering them for an outgoing step, the targets of those
   * leaving them for an incoming one).
   */
  async stepBack(nodeIds: readonly string[], { direction, edgeType }: EdgeStep): Promise<Set<string>> {
    const found = new Set<string>();
    if (direction === 'out') {
      for (const edge of await this.to(nodeIds)) if (edge.type === edgeType) found.add(edge.from);
    } else {
      for (const id of nodeIds) for (const edge of await this.from(id)) if (edge.type === edgeType) found.add(edge.to);
    }
    return found;
  }

  /**
   * Every edge leaving the node, whatever its type: one range read per node, whichever steps
   * need it (a rule pack walks back over several edge types, and one read of a node's few edges
   * costs what one read of a single type's does).
   */
  private async from(nodeId: string): Promise<InventoryEdgeView[]> {
    const known = this.leaving.get(nodeId);
    if (known) return known;
    const edges: InventoryEdgeView[] = [];
    for await (const { doc } of findAll(this.edges, { where: { $id: { $gte: `${nodeId}|`, $lt: `${nodeId}}` } }, limit: PAGE })) {
      if (doc.from === nodeId) edges.push(doc);
    }
    this.leaving.set(nodeId, edges);
    return edges;
  }

  private async to(nodeIds: readonly string[]): Promise<InventoryEdgeView[]> {
    const unread = [...new Set(nodeIds)].filter((id) => !this.entering.has(id));
    for (const id of unread) this.entering.set(id, []);
    for (let start = 0; start < unread.length; start += IN_CHUNK) {
      const chunk = unread.slice(start, start + IN_CHUNK);
      for await (const { doc } of findAll(this.edges, { where: { to: { $in: chunk } }, sort: { field: 'to' }, limit: PAGE })) this.entering.get(doc.to)?.push(doc);
    }
    return [...new Set(nodeIds)].flatMap((id) => this.entering.get(id) ?? []);
  }
}
