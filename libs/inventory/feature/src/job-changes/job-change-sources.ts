import type { JobChangeItem } from '@strata/contracts';
import { addedEdgeItem, addedNodeItem, CLOUD_LINK_SCOPE, changeRecordItem, jobChangeRange, type ChangeKind, type JobChangeRecord } from '@strata/inventory-domain';
import type { ReadStore, TenantCollection, Where } from '@strata/platform-read-store';
import { edgesCollection, jobChangesCollection, nodesCollection, type StoredEdge, type StoredNode } from '../read-model/inventory-collections';

/** The filters of a job's change list; all that are given must hold. */
export interface JobChangeFilters {
  change?: ChangeKind;
  /** A node's type, or an edge's. */
  type?: string;
  /** Nodes only: with it, edges are left out (they have no account). */
  account?: string;
  /** Nodes only, as `account`. */
  region?: string;
  /** The scope of the change (a `ScopeChanged` event's). */
  scope?: string;
}

/**
 * One part of a job's change list, read as one range of one collection: its stored change
 * records, then the nodes it created (`first_seen_job`), then the edges it created. Each part is
 * keyset-paged by id; `matches` checks the filters no index serves, `item` makes the wire item.
 */
export interface JobChangeSource<TDoc extends object> {
  name: 'records' | 'nodes' | 'edges';
  collection: TenantCollection<TDoc>;
  where: Where<TDoc>;
  matches: (doc: TDoc) => boolean;
  item: (doc: TDoc) => JobChangeItem;
}

export type AnyJobChangeSource = JobChangeSource<JobChangeRecord> | JobChangeSource<StoredNode> | JobChangeSource<StoredEdge>;

/**
 * The parts of `jobId`'s change list that `filters` can match, in list order. The links
 * inventory draws between providers' nodes (`CLOUD_LINK_SCOPE`) are derived, not discovered: no
 * job's changes. Created nodes and
 * edges are the ones whose `first_seen_job` is the job (unordered indexes: a page of them reads
 * the job's range whole, then sorts; cheap next to what the job wrote), so a first discovery
 * stores no change record.
 */
export function jobChangeSources(readStore: ReadStore, tenantId: string, jobId: string, filters: JobChangeFilters): AnyJobChangeSource[] {
  const { change, type, account, region, scope } = filters;
  const nodeOnly = account !== undefined || region !== undefined;
  const nodeMatches = (node: { type: string; account?: string; region?: string }) =>
    (type === undefined || node.type === type) && (account === undefined || node.account === account) && (region === undefined || node.region === region);
  const sources: AnyJobChangeSource[] = [];
  const records: JobChangeSource<JobChangeRecord> = {
    name: 'records',
    collection: readStore.collection(jobChangesCollection).forTenant(tenantId),
    where: { $id: jobChangeRange(jobId) },
    matches: (record) =>
      record.job_id === jobId &&
      record.scope !== CLOUD_LINK_SCOPE &&
      (change === undefined || record.change === change) &&
      (scope === undefined || record.scope === scope) &&
      (record.node ? nodeMatches(record.node) : !nodeOnly && record.edge !== undefined && (type === undefined || record.edge.type === type)),
    item: changeRecordItem,
  };
  sources.push(records);
  if (change === undefined || change === 'added') {
    const nodes: JobChangeSource<StoredNode> = {
      name: 'nodes',
      collection: readStore.collection(nodesCollection).forTenant(tenantId),
      where: { first_seen_job: jobId },
      matches: (node) => (scope === undefined || node.scope === scope) && nodeMatches(node),
      item: addedNodeItem,
    };
    sources.push(nodes);
    if (!nodeOnly) {
      const edges: JobChangeSource<StoredEdge> = {
        name: 'edges',
        collection: readStore.collection(edgesCollection).forTenant(tenantId),
        where: { first_seen_job: jobId },
        matches: (edge) => edge.scope !== CLOUD_LINK_SCOPE && (scope === undefined || edge.scope === scope) && (type === undefined || edge.type === type),
        item: addedEdgeItem,
      };
      sources.push(edges);
    }
  }
  return sources;
}

/** The first `limit` changes of a job that `filters` match (for an event), and whether there are more. */
export async function firstJobChanges(readStore: ReadStore, tenantId: string, jobId: string, filters: JobChangeFilters, limit: number): Promise<{ items: JobChangeItem[]; more: boolean }> {
  const items: JobChangeItem[] = [];
  for (const source of jobChangeSources(readStore, tenantId, jobId, filters)) {
    for await (const item of itemsOf(source, Math.min(limit + 1, 500))) {
      if (items.length === limit) return { items, more: true };
      items.push(item);
    }
  }
  return { items, more: false };
}

async function* itemsOf(source: AnyJobChangeSource, pageSize: number): AsyncGenerator<JobChangeItem> {
  const typed = source as JobChangeSource<object>;
  let cursor: string | undefined;
  do {
    const page = await typed.collection.find({ where: typed.where, limit: pageSize, ...(cursor ? { cursor } : {}) });
    for (const { doc } of page.items) if (typed.matches(doc)) yield typed.item(doc);
    cursor = page.nextCursor;
  } while (cursor);
}
