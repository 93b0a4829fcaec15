import { defineCollection } from '@strata/platform-read-store';

/*
 * Read-only views of the collections the diagrams draw from; they never write them. Each declares
 * only indexes its owner declares, with the same kinds, so binding it first changes nothing of the
 * owner's table (the owners: `@strata/inventory-feature`'s `nodes` and `edges`,
 * `@strata/jobs-feature`'s `jobs`). The gateway's diagrams spec seeds them through the owners'
 * own definitions, which keeps these in step.
 */

/** A graph node as inventory stores it (the fields drawn). */
export interface DiagramNodeDocument {
  type: string;
  name: string;
  account?: string;
  region?: string;
  attributes: Record<string, unknown>;
  status: 'active' | 'removed';
  /** `<status>|<type>`, `<status>|<account>`, `<status>|<region>`: the keys inventory indexes. */
  status_type: string;
  status_account: string | null;
  status_region: string | null;
}

export const diagramNodesView = defineCollection<DiagramNodeDocument>({
  name: 'nodes',
  indexes: { status_type: 'string', status_account: 'string', status_region: 'string' },
});

/**
 * Inventory's node sightings: `seen_in` is `<scope>|<job>` while the node is active, so the nodes a
 * job saw last in a scope are one value of it. Declared as inventory declares it.
 */
export interface DiagramNodeSightingDocument {
  seen_in: string | null;
}

export const diagramNodeSightingsView = defineCollection<DiagramNodeSightingDocument>({
  name: 'node_sightings',
  indexes: { seen_in: 'string' },
  ownIndexes: { seen_in: 'unordered' },
});

/** Inventory's reconcile outcome of a job: the scopes it discovered. */
export const diagramReconciliationsView = defineCollection<{ job_id: string; scopes: string[] }>({ name: 'reconciliations', indexes: {} });

/** A graph edge (ids are `from|type|to`; `to` is indexed). */
export interface DiagramEdgeDocument {
  from: string;
  to: string;
  type: string;
  status: 'active' | 'removed';
}

export const diagramEdgesView = defineCollection<DiagramEdgeDocument>({ name: 'edges', indexes: { to: 'string' } });

/** A job as the jobs projection keeps it (the fields that say its scope), read by id only. */
export interface DiagramJobDocument {
  id: string;
  name: string;
  status: string;
  plugins: readonly string[];
  config: Readonly<Record<string, unknown>>;
}

export const diagramJobsView = defineCollection<DiagramJobDocument>({ name: 'jobs', indexes: {} });
