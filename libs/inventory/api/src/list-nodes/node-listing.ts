import { sightedNodeFinder } from '@strata/inventory-feature';
import type { ReadStore } from '@strata/platform-read-store';
import type { GraphNodeView, ListNodesQuery } from '../graph-api.schemas';
import { toGraphNode } from '../graph-views';
import { queryIdOf } from '../paging/api-cursor';
import { scanPage } from '../paging/filtered-scan';
import { planNodeList, type NodeFilters } from './node-list-plan';

export interface NodePage {
  items: GraphNodeView[];
  next_cursor?: string;
}

/** `GET .../nodes`: a tenant's nodes, filtered, in keyset pages (see `planNodeList`). */
export class NodeListing {
  constructor(private readonly readStore: ReadStore) {}

  async list(tenantId: string, query: ListNodesQuery): Promise<NodePage> {
    const filters = filtersOf(query);
    const plan = planNodeList(filters);
    const page = await scanPage(
      {
        collection: sightedNodeFinder(this.readStore, tenantId),
        where: plan.where,
        sort: plan.sort,
        ...(plan.sortValue ? { sortValue: plan.sortValue } : {}),
        ...(plan.matches ? { matches: plan.matches } : {}),
        queryId: queryIdOf('nodes', tenantId, filters),
      },
      { limit: query.limit, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) },
    );
    return { items: page.items.map(({ doc }) => toGraphNode(doc)), ...(page.nextCursor ? { next_cursor: page.nextCursor } : {}) };
  }
}

/** The filters, normalised (lists sorted and unique) so equal queries share cursors. */
function filtersOf(query: ListNodesQuery): NodeFilters {
  const set = (values: readonly string[] | undefined) => (values ? [...new Set(values)].sort() : undefined);
  const filters: NodeFilters = { status: query.status };
  const types = set(query.type);
  const tags = set(query.tag);
  if (types) filters.types = types;
  if (tags) filters.tags = tags;
  if (query.provider !== undefined) filters.provider = query.provider;
  if (query.account !== undefined) filters.account = query.account;
  if (query.region !== undefined) filters.region = query.region;
  if (query.name_prefix !== undefined) filters.namePrefix = query.name_prefix;
  if (query.last_seen_job !== undefined) filters.lastSeenJob = query.last_seen_job;
  return filters;
}
