import { defineCollection, type ReadStore } from '@strata/platform-read-store';
import type { ClusterFinding } from '@strata/kubernetes-domain';

/*
 * Read-only views of the collections these reports read; they never write them. Each declares
 * only indexes its owner declares, with the same kinds, so binding it first changes nothing of the
 * owner's table (the owners: `@strata/inventory-feature`'s `nodes` and `edges`,
 * `@strata/audit-feature`'s `findings`). The gateway's kubernetes spec seeds them through the
 * owners' own definitions, which keeps these in step.
 */

/** A graph node as inventory stores it (the fields read here). */
export interface GraphNodeDocument {
  type: string;
  name: string;
  account?: string;
  region?: string;
  tags: Record<string, string>;
  attributes: Record<string, unknown>;
  status: 'active' | 'removed';
  last_seen: string;
  last_seen_job: string;
  first_seen: string;
  /** `<status>|<type>` and `<status>|<account>`: the keys inventory indexes. */
  status_type: string;
  status_account: string | null;
}

export const graphNodesView = defineCollection<GraphNodeDocument>({ name: 'nodes', indexes: { status_type: 'string', status_account: 'string' } });

/**
 * A node's latest sighting (inventory's `node_sightings`): inventory writes it with every sighting
 * and the node's document only when something else changed, so the newer of the two is the node's.
 */
export interface GraphNodeSightingDocument {
  last_seen: string;
  last_seen_job: string;
  seen_in: string | null;
}

export const graphNodeSightingsView = defineCollection<GraphNodeSightingDocument>({
  name: 'node_sightings',
  indexes: { seen_in: 'string' },
  ownIndexes: { seen_in: 'unordered' },
});

/** Nodes with their latest sightings (see {@link GraphNodeSightingDocument}). */
export async function withLatestSightings(readStore: ReadStore, tenantId: string, entries: readonly { id: string; doc: GraphNodeDocument }[]): Promise<GraphNodeDocument[]> {
  const sightings = await readStore.collection(graphNodeSightingsView).forTenant(tenantId).getMany(entries.map(({ id }) => id));
  return entries.map(({ id, doc }) => {
    const sighting = sightings.get(id);
    return sighting && Date.parse(sighting.last_seen) >= Date.parse(doc.last_seen) ? { ...doc, last_seen: sighting.last_seen, last_seen_job: sighting.last_seen_job } : doc;
  });
}

/** A graph edge (ids are `from|type|to`, so the edges of a type leaving a node are a range of ids). */
export interface GraphEdgeDocument {
  from: string;
  to: string;
  type: string;
  status: 'active' | 'removed';
}

export const graphEdgesView = defineCollection<GraphEdgeDocument>({ name: 'edges', indexes: { to: 'string' } });

/** A finding as the audit engine stores it (the fields read here). */
export interface FindingDocument extends Omit<ClusterFinding, 'id'> {
  account: string | null;
  status: 'open' | 'resolved' | 'muted';
}

export const findingsView = defineCollection<FindingDocument>({
  name: 'findings',
  indexes: { account: 'string', status: 'string', node_type: 'string', rule_id: 'string', kind: 'string', monthly_savings_usd: 'number' },
});

/** The id of a cluster's node (`k8s:<cluster>`, the plugin's contract). */
export const clusterNodeId = (cluster: string): string => `k8s:${cluster}`;

/** Every node type of the kubernetes provider, as a range of a `node_type` or `status_type` value. */
export const KUBERNETES_TYPES = { $gte: 'kubernetes.', $lt: 'kubernetes/' } as const;
