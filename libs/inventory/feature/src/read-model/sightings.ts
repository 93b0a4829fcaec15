import { edgeId, type ResourceEdge, type ResourceNode } from '@strata/contracts';
import { contentHash, seenFieldsOf, type EdgeRecord, type InventoryNode, type SeenFields } from '@strata/inventory-domain';
import type { DocumentEntry, FindPage, FindQuery, ReadStore, TenantCollection } from '@strata/platform-read-store';
import {
  edgesCollection,
  edgeSightingsCollection,
  nodesCollection,
  nodeDocument,
  nodeSightingsCollection,
  seenIn,
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

function sighted<D extends SeenFields & { status: string; scope: string }, T extends InventoryNode | EdgeRecord>(
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
    if (sighting === undefined || sighting.last_seen !== record.last_seen || sighting.seen_in !== seenInOf(record)) staleSightings.push(id);
  }
  return { records, staleSightings };
}

const seenInOf = (record: { status: 'active' | 'removed'; scope: string; last_seen_job: string }): string | null =>
  record.status === 'active' ? seenIn(record.scope, record.last_seen_job) : null;

/**
 * The stored nodes a batch sees, each with its sighting, read as cheaply as the store allows: an
 * active node whose sighting carries its document's lifecycle (see `StoredSighting`) and whose
 * content the batch reports unchanged (same content hash) is the batch's node with that
 * lifecycle, so its document is not read. That holds only where a record's document and sighting
 * are written together or not at all (`ReadStore.atomicWrites`); elsewhere every document is read.
 */
export async function readNodesOfBatch(readStore: ReadStore, tenantId: string, nodes: readonly ResourceNode[]): Promise<SightedRecords<StoredNode>> {
  if (!readStore.atomicWrites) return readNodes(readStore, tenantId, nodes.map(({ id }) => id));
  const sightings = await readStore.collection(nodeSightingsCollection).forTenant(tenantId).getMany(nodes.map(({ id }) => id));
  const known = new Map<string, StoredNode>();
  const unread: string[] = [];
  for (const node of nodes) {
    const sighting = sightings.get(node.id);
    const record = sighting && activeNodeOf(node, sighting);
    if (record) known.set(node.id, record);
    else unread.push(node.id);
  }
  if (unread.length === 0) return { records: known, staleSightings: [] };
  const docs = await readStore.collection(nodesCollection).forTenant(tenantId).getMany(unread);
  const read = sighted(docs, sightings, (doc, sighting) => withSighting(doc, sighting));
  for (const [id, record] of known) read.records.set(id, record);
  return read;
}

/** As {@link readNodesOfBatch}, for a batch's edges (an edge has no content: an active one is known from its sighting). */
export async function readEdgesOfBatch(readStore: ReadStore, tenantId: string, edges: readonly ResourceEdge[]): Promise<SightedRecords<EdgeRecord>> {
  if (!readStore.atomicWrites) return readEdges(readStore, tenantId, edges.map(edgeId));
  const sightings = await readStore.collection(edgeSightingsCollection).forTenant(tenantId).getMany(edges.map(edgeId));
  const known = new Map<string, EdgeRecord>();
  const unread: string[] = [];
  for (const edge of edges) {
    const id = edgeId(edge);
    const sighting = sightings.get(id);
    const record = sighting && activeEdgeOf(edge, sighting);
    if (record) known.set(id, record);
    else unread.push(id);
  }
  if (unread.length === 0) return { records: known, staleSightings: [] };
  const docs = await readStore.collection(edgesCollection).forTenant(tenantId).getMany(unread);
  const read = sighted(docs, sightings, edgeWithSighting);
  for (const [id, record] of known) read.records.set(id, record);
  return read;
}

/** What an active record's sighting says of its lifecycle, when it carries all of it (a sighting written before it did does not). */
function activeLifecycleOf({ seen_in, scope, first_seen, first_seen_job }: StoredSighting) {
  if (seen_in === null || scope === undefined || first_seen === undefined || first_seen_job === undefined) return undefined;
  return { scope, status: 'active' as const, first_seen, first_seen_job, removed_at: null, removed_in_job: null };
}

/** The stored node, when its sighting says it is active with the lifecycle and content hash `node` matches. */
function activeNodeOf(node: ResourceNode, sighting: StoredSighting): StoredNode | undefined {
  const lifecycle = activeLifecycleOf(sighting);
  const { content_hash, last_changed_job, updated_in_job } = sighting;
  if (!lifecycle || content_hash === undefined || last_changed_job === undefined || updated_in_job === undefined) return undefined;
  if (content_hash !== contentHash(node)) return undefined;
  const record: InventoryNode = {
    ...node,
    content_hash,
    ...lifecycle,
    last_changed_job,
    updated_in_job,
    ...seenFieldsOf(sighting),
  };
  return nodeDocument(record);
}

/** The stored edge, when its sighting says it is active with its lifecycle. */
function activeEdgeOf(edge: ResourceEdge, sighting: StoredSighting): EdgeRecord | undefined {
  const lifecycle = activeLifecycleOf(sighting);
  if (!lifecycle) return undefined;
  return {
    from: edge.from,
    to: edge.to,
    type: edge.type,
    ...lifecycle,
    last_seen: sighting.last_seen,
    last_seen_job: sighting.last_seen_job,
  };
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
