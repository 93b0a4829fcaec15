import { defineCollection } from '@strata/platform-read-store';

/*
 * Read-only views of the collections reports are made from; reports never write them. Each
 * declares only indexes its owner declares, with the same kinds (and compound indexes the owner
 * has), so binding it first changes nothing of the owner's table. The owners: the jobs
 * projection's `jobs` (`@strata/jobs-feature`), inventory's `nodes` and `reconciliations`
 * (`@strata/inventory-feature`), the audit engine's `findings` (`@strata/audit-feature`). The
 * reports spec seeds them through the owners' own definitions, which keeps these in step.
 */

/** A job as its read model holds it (the fields read here). */
export interface ReportedJobView {
  id: string;
  name: string;
  status: string;
  plugins: readonly string[];
  stats?: {
    nodes_discovered: number;
    nodes_updated: number;
    nodes_removed: number;
    edges_created: number;
    findings_created: number;
    findings_resolved: number;
    duration_seconds: number;
  };
  estimated_monthly_savings?: number;
  currency?: string;
  created_at: string;
  started_at?: string;
  completed_at?: string;
}

export const reportedJobsView = defineCollection<ReportedJobView>({
  name: 'jobs',
  indexes: { status: 'string', created_at: 'string' },
  compoundIndexes: [['status', 'created_at']],
});

/** A job's reconcile outcome (inventory's `reconciliations`): the scopes it discovered. */
export interface ReportedReconciliationView {
  job_id: string;
  scopes: string[];
}

export const reportedReconciliationsView = defineCollection<ReportedReconciliationView>({ name: 'reconciliations', indexes: {} });

/** A graph node as inventory stores it (the fields read here). */
export interface ReportedNodeView {
  type: string;
  provider: string;
  name: string;
  account?: string;
  region?: string;
  scope: string;
  status: 'active' | 'removed';
  first_seen: string;
  last_seen: string;
  last_seen_job: string;
  tags: Record<string, string>;
}

export const reportedNodesView = defineCollection<ReportedNodeView>({
  name: 'nodes',
  indexes: { scope: 'string', status: 'string', last_seen_job: 'string' },
  compoundIndexes: [['scope', 'status', 'last_seen_job']],
  ownIndexes: { scope: 'none', last_seen_job: 'none' },
});

/**
 * A node's latest sighting (inventory's `node_sightings`): written with every sighting, where the
 * node's document is written only when something else changed, so the newer of the two is the node's.
 */
export interface ReportedNodeSightingView {
  last_seen: string;
  last_seen_job: string;
  seen_in: string | null;
}

export const reportedNodeSightingsView = defineCollection<ReportedNodeSightingView>({
  name: 'node_sightings',
  indexes: { seen_in: 'string' },
  ownIndexes: { seen_in: 'unordered' },
});

/** A finding as the audit engine stores it (the fields read here). */
export interface ReportedFindingView {
  rule_id: string;
  node_id: string;
  node_type: string;
  node_name: string;
  account: string | null;
  region: string | null;
  scope: string;
  kind: string;
  severity: string;
  title: string;
  monthly_savings_usd: number | null;
  status: string;
  opened_at: string;
}

export const reportedFindingsView = defineCollection<ReportedFindingView>({
  name: 'findings',
  indexes: { scope: 'string', status: 'string' },
});

/** Inventory's graph summary of a tenant (`graph_summaries`, one document, id `graph`): active nodes counted by type, account, region. */
export interface ReportedGraphSummaryView {
  total_nodes: number;
  by_type: Record<string, number>;
  by_account: Record<string, number>;
  by_region: Record<string, number>;
}

export const reportedGraphSummariesView = defineCollection<ReportedGraphSummaryView>({ name: 'graph_summaries', indexes: {} });

export const GRAPH_SUMMARY_ID = 'graph';
