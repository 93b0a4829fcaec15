import { edgeId } from '@strata/contracts';
import type { EdgeRecord, SeenFields } from '@strata/inventory-domain';
import type { DocumentEntry, FindPage, FindQuery, ReadStore, TenantCollection } from '@strata/platform-read-store';
import {
  edgesCollection,
  edgeSightingsCollection,
  nodesCollection,
  nodeSightingsCollection,
  sightingDocument,
  withSighting,
  type StoredEdge,
  type StoredNode,
  type StoredSighting,
} from './inventory-collections';

/*
 * Nodes and edges are stored as two documents each: the record (`nodes`, `edges`) and its
 * sighting (`node_sightings`, `edge_sightings`). These read both and give the record whole.
 */

/**
 * Stored records with their sightings, and the ids of those whose sighting is behind their
 * document (see `withSighting`): a write of the two that was cut short between them, which the
 * next write of the record's sighting mends.
 */
export interface SightedRecords<T> {
  records: Map<string, T>;
  staleSightings: string[];
}

/** The stored nodes of `ids` (those that exist), each with its sighting. */
export async function readNodes(readStore: ReadStore, tenantId: string, ids: readonly string[]): Promise<SightedRecords<StoredNode>> {
  const [docs, sightings] = await Promise.all([
    readStore.collection(nodesCollection).forTenant(tenantId).getMany(ids),
    readStore.collection(nodeSightingsCollection).forTenant(tenantId).getMany(ids),
  ]);
  return sighted(docs, sightings, (doc, sighting) => withSighting(doc, sighting));
}

/** The stored edges of `ids` (those that exist), each with its sighting. */
export async function readEdges(readStore: ReadStore, tenantId: string, ids: readonly string[]): Promise<SightedRecords<EdgeRecord>> {
  const [docs, sightings] = await Promise.all([
    readStore.collection(edgesCollection).forTenant(tenantId).getMany(ids),
    readStore.collection(edgeSightingsCollection).forTenant(tenantId).getMany(ids),
  ]);
  return sighted(docs, sightings, edgeWithSighting);
}

function sighted<D extends SeenFields & { status: string; scope: string }, T extends SeenFields & { status: 'active' | 'removed'; scope: string }>(
  docs: ReadonlyMap<string, D>,
  sightings: ReadonlyMap<string, StoredSighting>,
  merge: (doc: D, sighting: StoredSighting | undefined) => T,
): SightedRecords<T> {
  const records = new Map<string, T>();
  const staleSightings: string[] = [];
  for (const [id, doc] of docs) {
    const sighting = sightings.get(id);
    const record = merge(doc, sighting);
    records.set(id, record);
    if (sighting === undefined || sighting.last_seen !== record.last_seen || sighting.seen_in !== sightingDocument(record).seen_in) staleSightings.push(id);
  }
  return { records, staleSightings };
}

/** Node documents already read (a page of a `find`), with their sightings, in the same order. */
export async function withNodeSightings(readStore: ReadStore, tenantId: string, entries: readonly DocumentEntry<StoredNode>[]): Promise<DocumentEntry<StoredNode>[]> {
  if (entries.length === 0) return [];
  const sightings = await readStore.collection(nodeSightingsCollection).forTenant(tenantId).getMany(entries.map(({ id }) => id));
  return entries.map(({ id, doc }) => ({ id, doc: withSighting(doc, sightings.get(id)) }));
}

/** Edge documents already read, with their sightings, in the same order. */
export async function withEdgeSightings<E extends StoredEdge>(readStore: ReadStore, tenantId: string, docs: readonly E[]): Promise<EdgeRecord[]> {
  if (docs.length === 0) return [];
  const sightings = await readStore.collection(edgeSightingsCollection).forTenant(tenantId).getMany(docs.map((doc) => edgeId(doc)));
  return docs.map((doc) => edgeWithSighting(doc, sightings.get(edgeId(doc))));
}

function edgeWithSighting(doc: StoredEdge, sighting: StoredSighting | undefined): EdgeRecord {
  const { live_in: _retired, ...edge } = withSighting(doc, sighting);
  return edge;
}

/**
 * Pages of nodes found by `find` over the nodes' documents, each with its sighting: for readers
 * that page through `nodes` (the Graph API's lists) and filter on what they read.
 */
export function sightedNodeFinder(readStore: ReadStore, tenantId: string): Pick<TenantCollection<StoredNode>, 'find'> {
  const nodes = readStore.collection(nodesCollection).forTenant(tenantId);
  return {
    async find(query: FindQuery<StoredNode>): Promise<FindPage<StoredNode>> {
      const page = await nodes.find(query);
      return { ...page, items: await withNodeSightings(readStore, tenantId, page.items) };
    },
  };
}

/** As {@link sightedNodeFinder}, for edges. */
export function sightedEdgeFinder(readStore: ReadStore, tenantId: string): Pick<TenantCollection<StoredEdge>, 'find'> {
  const edges = readStore.collection(edgesCollection).forTenant(tenantId);
  return {
    async find(query: FindQuery<StoredEdge>): Promise<FindPage<StoredEdge>> {
      const page = await edges.find(query);
      const sighted = await withEdgeSightings(readStore, tenantId, page.items.map(({ doc }) => doc));
      return { ...page, items: page.items.map(({ id }, i) => ({ id, doc: sighted[i]! })) };
    },
  };
}
