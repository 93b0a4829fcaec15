import type { EdgeRecord } from '@strata/inventory-domain';
import { edgesFromWhere, sightedEdgeFinder } from '@strata/inventory-feature';
import type { ReadStore, Where } from '@strata/platform-read-store';
import type { GraphEdgeView } from '../graph-api.schemas';
import { toGraphEdge } from '../graph-views';
import { queryIdOf } from '../paging/api-cursor';
import { scanPage } from '../paging/filtered-scan';

export interface EdgeFilters {
  from?: string;
  to?: string;
  types?: readonly string[];
  status: 'active' | 'removed';
}

export interface EdgePage {
  items: GraphEdgeView[];
  next_cursor?: string;
}

/**
 * `GET .../edges`: edges by their ends, in id order (`from|type|to`). `from` is read as a range
 * of edge ids (see `edgesFromWhere`), else `to` from its index; type and status are checked on each edge, which costs little when an
 * end is given (a node has few edges). Edge types are not indexed, so a list by type alone walks
 * every edge of the tenant, a page at a time within the scan budget (short pages).
 */
export class EdgeListing {
  constructor(private readonly readStore: ReadStore) {}

  async list(tenantId: string, filters: EdgeFilters, page: { limit: number; cursor?: string }): Promise<EdgePage> {
    const normalised: EdgeFilters = { ...filters, ...(filters.types ? { types: [...new Set(filters.types)].sort() } : {}) };
    const { from, to, status } = normalised;
    const types = normalised.types ? new Set(normalised.types) : undefined;
    const where: Where<EdgeRecord> = from !== undefined ? edgesFromWhere(from) : to !== undefined ? { to } : {};
    const checks: ((edge: EdgeRecord) => boolean)[] = [(edge) => edge.status === status];
    if (from !== undefined) checks.push((edge) => edge.from === from);
    if (from !== undefined && to !== undefined) checks.push((edge) => edge.to === to);
    if (types) checks.push((edge) => types.has(edge.type));
    const result = await scanPage(
      {
        collection: sightedEdgeFinder(this.readStore, tenantId),
        where,
        sort: {},
        matches: (edge) => checks.every((check) => check(edge)),
        queryId: queryIdOf('edges', tenantId, normalised),
      },
      { limit: page.limit, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) },
    );
    return { items: result.items.map(({ doc }) => toGraphEdge(doc)), ...(result.nextCursor ? { next_cursor: result.nextCursor } : {}) };
  }
}
