import { DomainError } from '@strata/contracts';
import { type ScopeChangeSummary, type TypeChangeCounts } from '@strata/inventory-domain';
import { countJobChanges, jobChangeSummariesCollection } from '@strata/inventory-feature';
import type { ReadStore } from '@strata/platform-read-store';
import { defineCollection } from '@strata/platform-read-store';
import type { JobChangeSummaryView } from './job-changes.schemas';

/**
 * The jobs' read model (`jobs`, kept by the jobs context's projection), as this reader needs it:
 * whether the tenant has the job. By id only, declaring no index, so binding it changes nothing
 * of the owner's table.
 */
export const jobExistenceView = defineCollection<{ id: string }>({ name: 'jobs', indexes: {} });

/** `job_not_found` (404): the tenant has no such job (whether or not another tenant does). */
export const jobNotFound = (tenantId: string, jobId: string): DomainError => new DomainError('job_not_found', `tenant ${tenantId} has no job ${jobId}`);

/** Throws {@link jobNotFound} unless the tenant has the job. */
export async function requireJob(readStore: ReadStore, tenantId: string, jobId: string): Promise<void> {
  if (!(await readStore.collection(jobExistenceView).forTenant(tenantId).get(jobId))) throw jobNotFound(tenantId, jobId);
}

/**
 * What a job changed, counted per kind and type, in all and per scope: the figures its reconcile
 * stored (`complete: true`), or, for a job still running, what it changed so far. For other
 * contexts (a report's "what changed since the previous job of the scope" section: a job's
 * changes are what it found different from the scope as the jobs before it left it):
 * `new JobChangeSummaryReader(readStore).get(tenantId, jobId)`, undefined for a job the tenant
 * does not have.
 */
export class JobChangeSummaryReader {
  constructor(private readonly readStore: ReadStore) {}

  async get(tenantId: string, jobId: string): Promise<JobChangeSummaryView | undefined> {
    if (!(await this.readStore.collection(jobExistenceView).forTenant(tenantId).get(jobId))) return undefined;
    const stored = await this.readStore.collection(jobChangeSummariesCollection).forTenant(tenantId).get(jobId);
    const scopes = stored ? stored.scopes : await countJobChanges(this.readStore, tenantId, jobId);
    return toSummaryView(jobId, stored !== undefined, scopes);
  }

  /** As {@link get}, `job_not_found` (404) for a job the tenant does not have. */
  async require(tenantId: string, jobId: string): Promise<JobChangeSummaryView> {
    const summary = await this.get(tenantId, jobId);
    if (!summary) throw jobNotFound(tenantId, jobId);
    return summary;
  }
}

/** The scopes' figures with their totals. */
export function toSummaryView(jobId: string, complete: boolean, scopes: readonly ScopeChangeSummary[]): JobChangeSummaryView {
  const nodes = { added: 0, changed: 0, removed: 0 };
  const edges = { added: 0, removed: 0 };
  const byType = new Map<string, TypeChangeCounts>();
  for (const scope of scopes) {
    for (const key of ['added', 'changed', 'removed'] as const) nodes[key] += scope.nodes[key];
    edges.added += scope.edges.added;
    edges.removed += scope.edges.removed;
    for (const counts of scope.by_type) {
      const key = `${counts.kind}\u0000${counts.type}`;
      const total = byType.get(key) ?? { kind: counts.kind, type: counts.type, added: 0, changed: 0, removed: 0 };
      total.added += counts.added;
      total.changed += counts.changed;
      total.removed += counts.removed;
      byType.set(key, total);
    }
  }
  const by_type = [...byType.values()].sort((a, b) => (a.kind !== b.kind ? (a.kind === 'node' ? -1 : 1) : a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return { job_id: jobId, complete, nodes, edges, by_type, scopes: scopes.map((scope) => ({ scope: scope.scope, nodes: { ...scope.nodes }, edges: { ...scope.edges }, by_type: scope.by_type.map((counts) => ({ ...counts })) })) };
}
