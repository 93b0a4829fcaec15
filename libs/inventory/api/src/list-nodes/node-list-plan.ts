import { statusKey, type StoredNode } from '@strata/inventory-feature';
import type { SortOrder, Where } from '@strata/platform-read-store';
import { prefixUpperBound } from '../paging/store-order';

/** The node list's filters, validated (see `listNodesQuerySchema`). */
export interface NodeFilters {
  status: 'active' | 'removed';
  provider?: string;
  /** Any of these types. */
  types?: readonly string[];
  account?: string;
  region?: string;
  /** Every one of these `key:value` pairs. */
  tags?: readonly string[];
  namePrefix?: string;
  lastSeenJob?: string;
}

/** Which filter the store reads an index range of; the others are checked on each node. */
export type NodeListDriver = 'type' | 'provider' | 'account' | 'region' | 'name_prefix' | 'status';

/** How one node list query reads the store (see `FilteredScan`). */
export interface NodeListPlan {
  driver: NodeListDriver;
  where: Where<StoredNode>;
  sort: SortOrder<StoredNode>;
  sortValue?: (node: StoredNode) => string;
  /** Undefined when the index range holds exactly the answer. */
  matches?: (node: StoredNode) => boolean;
}

/**
 * A tag filter `key:value` matches a node with a tag whose key and value, joined by ":", are
 * that text. Keys and values may themselves hold ":" (`aws:cloudformation:stack-name`), so the
 * filter is not split: whichever ":" separates them, the node matches.
 */
export const hasTag = (node: Pick<StoredNode, 'tags'>, filter: string): boolean =>
  Object.entries(node.tags).some(([key, value]) => `${key}:${value}` === filter);

type Check = (node: StoredNode) => boolean;

/**
 * Plans a node list: picks the driving filter, the one most likely to be narrow that an index
 * serves (type, then provider, account, region, job, name prefix, else status), and checks the
 * rest on each node. Every `status_*` key starts with the status, so the driver also applies the
 * status filter. Results come in the order of the driver's index: by type then id when driven by
 * type or provider, by name then id when driven by name prefix, by id otherwise.
 */
export function planNodeList(filters: NodeFilters): NodeListPlan {
  const { status } = filters;
  const key = (value: string) => statusKey(status, value);
  const checks: Partial<Record<NodeListDriver | 'tags' | 'last_seen_job', Check>> = {
    status: (node) => node.status === status,
  };
  if (filters.types) {
    const types = new Set(filters.types);
    checks.type = (node) => types.has(node.type);
  }
  if (filters.provider !== undefined) checks.provider = (node) => node.provider === filters.provider;
  if (filters.account !== undefined) checks.account = (node) => node.account === filters.account;
  if (filters.region !== undefined) checks.region = (node) => node.region === filters.region;
  if (filters.lastSeenJob !== undefined) checks.last_seen_job = (node) => node.last_seen_job === filters.lastSeenJob;
  if (filters.namePrefix !== undefined) {
    const prefix = filters.namePrefix;
    checks.name_prefix = (node) => node.name.startsWith(prefix);
  }
  if (filters.tags && filters.tags.length > 0) {
    const tags = filters.tags;
    checks.tags = (node) => tags.every((tag) => hasTag(node, tag));
  }

  const drive = (driver: NodeListDriver, scan: Omit<NodeListPlan, 'driver' | 'matches'>): NodeListPlan => {
    // Keys carry the status. The provider range relies on the type naming convention, so the
    // provider itself is checked as well.
    const covered = new Set<string>([...(driver === 'provider' ? [] : [driver]), 'status']);
    const rest = Object.entries(checks).filter(([name]) => !covered.has(name)).map(([, check]) => check);
    return { driver, ...scan, ...(rest.length > 0 ? { matches: (node: StoredNode) => rest.every((check) => check(node)) } : {}) };
  };
  const byType = { sort: { field: 'status_type' }, sortValue: (node: StoredNode) => node.status_type } as const;

  if (filters.types) {
    const keys = [...new Set(filters.types)].map(key);
    const [only] = keys;
    return drive('type', { where: { status_type: keys.length === 1 && only !== undefined ? only : { $in: keys } }, ...byType });
  }
  if (filters.provider !== undefined) {
    // Types are `<provider>.<service>.<kind>`: a provider's nodes are one range of type keys.
    const from = key(`${filters.provider}.`);
    return drive('provider', { where: { status_type: { $gte: from, $lt: prefixUpperBound(from) ?? from } }, ...byType });
  }
  if (filters.account !== undefined) return drive('account', { where: { status_account: key(filters.account) }, sort: {} });
  if (filters.region !== undefined) return drive('region', { where: { status_region: key(filters.region) }, sort: {} });
  if (filters.namePrefix !== undefined) {
    const from = key(filters.namePrefix);
    return drive('name_prefix', {
      where: { status_name: { $gte: from, $lt: prefixUpperBound(from) ?? from } },
      sort: { field: 'status_name' },
      sortValue: (node) => node.status_name,
    });
  }
  return drive('status', { where: { status }, sort: {} });
}
