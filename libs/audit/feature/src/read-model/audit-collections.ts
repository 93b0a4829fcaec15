import type { ResourceEdge, ResourceNode } from '@strata/contracts';
import type { FindingMute, FindingRecord, MuteRule, RuleDocument } from '@strata/audit-domain';
import { defineCollection, type ReadStore } from '@strata/platform-read-store';

/**
 * Findings per (tenant, `${ruleId}:${nodeId}`). `opened_in_job` / `resolved_in_job` count a job's
 * `findings_created` / `findings_resolved`; `node_id` finds the violated findings of the nodes
 * being audited; the rest is what the Findings API (`@strata/audit-api`) filters, sorts and
 * counts by:
 * - `(status, severity_rank)`, `(status, monthly_savings_usd)`, `(status, opened_at)`: a list of
 *   one status (open by default) in each of its sort orders reads one index range in order, with
 *   no sort; the summary counts open findings per severity on the first (a severity filter is a
 *   `severity_rank` filter).
 * - `(status, rule_id)`: open findings per rule (top rules, compliance evidence) without reading
 *   them.
 * - `node_type`, `account`, `region`: filters whose totals are counted, not scanned.
 * Findings are written when they change only (a few per job), so these cost little.
 */
export const findingsCollection = defineCollection<FindingRecord>({
  name: 'findings',
  indexes: {
    opened_in_job: 'string',
    resolved_in_job: 'string',
    node_id: 'string',
    node_type: 'string',
    account: 'string',
    region: 'string',
    status: 'string',
    severity: 'string',
    kind: 'string',
    rule_id: 'string',
    severity_rank: 'number',
    monthly_savings_usd: 'number',
    opened_at: 'string',
    // The job's savings: the open cost findings of its scopes, summed by the store.
    scope: 'string',
    'mute.until': 'string',
    'mute.mute_rule_id': 'string',
  },
  compoundIndexes: [
    ['status', 'severity_rank'],
    ['status', 'monthly_savings_usd'],
    ['status', 'opened_at'],
    ['status', 'rule_id'],
  ],
  // Only counted (a job's figures): `opened_in_job` without the finding id, cheaper to write;
  // `resolved_in_job`, null while a finding is open, of the resolved findings only.
  // `mute.until` (muted findings whose mute ends: the expiry sweep) and `mute.mute_rule_id` (the
  // findings a deleted mute rule muted) are null for every finding but the muted ones.
  ownIndexes: { opened_in_job: 'unordered', resolved_in_job: 'sparse', 'mute.until': 'sparse', 'mute.mute_rule_id': 'sparse' },
});

/**
 * The outcome of a job's audit, per (tenant, job id): a redelivered `InventoryReconciled`
 * reports it again instead of recounting, so later jobs never change a job's figures.
 */
export interface AuditRun {
  job_id: string;
  findings_created: number;
  findings_resolved: number;
  /** Absent on runs recorded before it was. */
  estimated_monthly_savings?: number;
  audited_at: string;
  /** `incremental` when only the nodes the job's changes affect were evaluated; absent on older runs. */
  mode?: 'whole' | 'incremental';
  /** Nodes evaluated (incremental audits), for operators and the benchmark. */
  nodes_evaluated?: number;
}

export const auditRunsCollection = defineCollection<AuditRun>({ name: 'audit_runs', indexes: {} });

/**
 * The inventory's node read model, as the audit engine reads it (it never writes it). The
 * inventory owns the collection `nodes`; this declares only fields and indexes the inventory
 * declares too, so binding it never changes the inventory's table or indexes.
 */
export interface InventoryNodeView extends ResourceNode {
  scope: string;
  status: 'active' | 'removed';
  removed_in_job: string | null;
}

export const inventoryNodesView = defineCollection<InventoryNodeView>({
  name: 'nodes',
  indexes: { removed_in_job: 'string' },
  // As the inventory declares it: whichever binds the table first creates the index.
  ownIndexes: { removed_in_job: 'sparse' },
});

/**
 * The inventory's node sightings (`node_sightings`), as the audit engine reads them: `seen_in`,
 * `<scope>|<job>` while the node is active, so the nodes a job saw last in a scope are one value
 * of it. Declared as the inventory declares it.
 */
export interface InventoryNodeSightingView {
  last_seen_job: string;
  seen_in: string | null;
}

export const inventoryNodeSightingsView = defineCollection<InventoryNodeSightingView>({
  name: 'node_sightings',
  indexes: { seen_in: 'string' },
  ownIndexes: { seen_in: 'unordered' },
});

/** The `seen_in` of the nodes `jobId` saw last in `scope` (as the inventory writes it). */
export const seenIn = (scope: string, jobId: string): string => `${scope}|${jobId}`;

/** How many active nodes `jobId` saw last in `scopes`. */
export async function countNodesSeenBy(readStore: ReadStore, tenantId: string, jobId: string, scopes: readonly string[]): Promise<number> {
  const sightings = readStore.collection(inventoryNodeSightingsView).forTenant(tenantId);
  let total = 0;
  for (const scope of scopes) total += await sightings.count({ seen_in: seenIn(scope, jobId) });
  return total;
}

/**
 * The inventory's edge read model, as the audit engine reads it (never writes it): ids are
 * `from|type|to`, so the edges of a type leaving a node are one range of ids; `to` is indexed.
 * Declares only an index the inventory declares, so binding it never changes the inventory's.
 */
export interface InventoryEdgeView extends ResourceEdge {
  status: 'active' | 'removed';
}

export const inventoryEdgesView = defineCollection<InventoryEdgeView>({ name: 'edges', indexes: { to: 'string' } });

/**
 * The inventory's change records of a job (`job_changes`, ids `<job>|n|<node>` and
 * `<job>|e|<edge id>`), as the audit engine reads them: the edges a job removed or restored
 * (reconcile removes edges a complete run no longer reports, between nodes that both remain).
 * No index, as the inventory declares none.
 */
export interface InventoryJobChangeView {
  job_id: string;
  change: 'added' | 'changed' | 'removed';
  edge?: ResourceEdge;
}

export const inventoryJobChangesView = defineCollection<InventoryJobChangeView>({ name: 'job_changes', indexes: {} });

/** Mutes of single findings (`POST /findings/{id}/mute`), per (tenant, finding id). */
export const findingMutesCollection = defineCollection<FindingMute>({ name: 'finding_mutes', indexes: {} });

/**
 * Mute rules (`/mute-rules`), per (tenant, id): listed by `created_at`; `handled` lists the rules
 * seed 001's `POST /findings/{resourceID}/handled` made (`GET /findings/handled`).
 */
export const muteRulesCollection = defineCollection<MuteRule>({ name: 'mute_rules', indexes: { created_at: 'string', handled: 'boolean' }, ownIndexes: { handled: 'sparse' } });

/**
 * How each rule fared in the tenant's audits, per (tenant, rule id): the last error a rule
 * raised on a node (a rule that fails is reported here, never on the job).
 */
export interface RuleHealth {
  rule_id: string;
  last_error: { message: string; node_id: string; nodes: number; job_id: string | null; at: string } | null;
  last_evaluated_at: string;
}

export const ruleHealthCollection = defineCollection<RuleHealth>({ name: 'rule_health', indexes: {} });

/** A tenant's own rule (`POST /rules`), per (tenant, rule id). */
export interface CustomRuleRecord {
  document: RuleDocument;
  created_at: string;
  updated_at: string;
  /** The API token that wrote it last. */
  updated_by: string | null;
}

export const customRulesCollection = defineCollection<CustomRuleRecord>({ name: 'custom_rules', indexes: {} });

/** Whether a rule (built-in or the tenant's) is in force for the tenant, per (tenant, rule id); none: enabled. */
export interface RuleSettingRecord {
  rule_id: string;
  enabled: boolean;
  updated_at: string;
  updated_by: string | null;
}

export const ruleSettingsCollection = defineCollection<RuleSettingRecord>({ name: 'rule_settings', indexes: {} });

/**
 * The last audit of each scope, per (tenant, scope): the incremental audit of a later job of the
 * scope re-evaluates only what changed, when the rules, thresholds and prices it audited with
 * (`inputs_fingerprint`) are still those in force.
 */
export interface ScopeAudit {
  scope: string;
  last_job_id: string;
  inputs_fingerprint: string;
  audited_at: string;
}

export const scopeAuditsCollection = defineCollection<ScopeAudit>({ name: 'scope_audits', indexes: {} });

/** The inventory's record of an ingested batch, as the audit reads it: the nodes it changed. */
export interface InventoryBatchView {
  run: string;
  job_id: string;
  /** Absent on batches ingested before inventory kept it. */
  changed?: string[];
}

export const inventoryBatchesView = defineCollection<InventoryBatchView>({ name: 'ingested_batches', indexes: { run: 'string' } });

/** The inventory's record of a reconciled job, as the audit reads it: its scopes. */
export interface InventoryReconciliationView {
  job_id: string;
  scopes: string[];
}

export const inventoryReconciliationsView = defineCollection<InventoryReconciliationView>({ name: 'reconciliations', indexes: {} });

/**
 * The inventory's nodes found by the `status_type` key (`<status>|<type>`), which the inventory
 * declares (so binding this view changes nothing): the nodes of the types a rule covers.
 */
export interface InventoryNodeByTypeView extends InventoryNodeView {
  status_type: string;
}

export const inventoryNodesByTypeView = defineCollection<InventoryNodeByTypeView>({ name: 'nodes', indexes: { status_type: 'string' } });

/** One past the last string starting with `prefix`. */
const after = (prefix: string): string => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

export type ActiveNodeKey = { status_type: string } | { status_type: { $gte: string; $lt: string } };

/** The `status_type` key of the active nodes a `resource_types` pattern covers: a key for a type, a range for a prefix. */
export function activeNodeKey(pattern: string): ActiveNodeKey {
  if (pattern === '*') return { status_type: { $gte: 'active|', $lt: after('active|') } };
  if (pattern.endsWith('.*')) {
    const prefix = `active|${pattern.slice(0, -1)}`;
    return { status_type: { $gte: prefix, $lt: after(prefix) } };
  }
  return { status_type: `active|${pattern}` };
}

/** The keys of a rule's patterns, each once, in order. */
export const activeNodeKeyRanges = (patterns: readonly string[]): ActiveNodeKey[] => [...new Set(patterns)].sort().map(activeNodeKey);
