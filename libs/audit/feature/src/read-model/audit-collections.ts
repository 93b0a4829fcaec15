import type { ResourceNode } from '@strata/contracts';
import type { FindingRecord } from '@strata/audit-domain';
import { defineCollection } from '@strata/platform-read-store';

/**
 * Findings per (tenant, `${ruleId}:${nodeId}`). `opened_in_job` / `resolved_in_job` count a job's
 * `findings_created` / `findings_resolved`; `node_id` finds the open findings of the nodes being
 * audited; `status`, `severity`, `kind` are what the Findings API lists by.
 */
export const findingsCollection = defineCollection<FindingRecord>({
  name: 'findings',
  indexes: {
    opened_in_job: 'string',
    resolved_in_job: 'string',
    node_id: 'string',
    status: 'string',
    severity: 'string',
    kind: 'string',
  },
  // Only counted (a job's figures): `opened_in_job` without the finding id, cheaper to write;
  // `resolved_in_job`, null while a finding is open, of the resolved findings only.
  ownIndexes: { opened_in_job: 'unordered', resolved_in_job: 'sparse' },
});

/**
 * The outcome of a job's audit, per (tenant, job id): a redelivered `InventoryReconciled`
 * reports it again instead of recounting, so later jobs never change a job's figures.
 */
export interface AuditRun {
  job_id: string;
  findings_created: number;
  findings_resolved: number;
  audited_at: string;
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
  last_seen_job: string;
  removed_in_job: string | null;
}

export const inventoryNodesView = defineCollection<InventoryNodeView>({
  name: 'nodes',
  indexes: { last_seen_job: 'string', removed_in_job: 'string' },
  // As the inventory declares it: whichever binds the table first creates the index.
  ownIndexes: { removed_in_job: 'sparse' },
});
