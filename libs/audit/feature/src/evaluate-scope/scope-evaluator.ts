import {
  appliesTo,
  findingId,
  planFindingChanges,
  STARTER_RULES,
  type AuditContext,
  type AuditRule,
  type AuditSubject,
  type FindingRecord,
} from '@strata/audit-domain';
import type { ReadStore, TenantCollection, Where } from '@strata/platform-read-store';
import { ChangeThrottle } from '@strata/shared-domain';
import {
  auditRunsCollection,
  findingsCollection,
  inventoryNodesView,
  type AuditRun,
  type InventoryNodeView,
} from '../read-model/audit-collections';

export interface ScopeEvaluatorOptions {
  readStore: ReadStore;
  /** Default: `STARTER_RULES`. */
  rules?: readonly AuditRule[];
  clock?: () => Date;
  /** Nodes read (and their findings written) per round trip. Default 500. */
  pageSize?: number;
  /** Least time between two progress reports. Default 1 s. */
  progressIntervalMs?: number;
}

/** How far an audit is through the job's nodes, named as in `JobReport` `AuditProgressed`. */
export interface AuditProgress {
  nodesAudited: number;
  nodesTotal: number;
}

/** Told of the audit's progress as it pages through the nodes; its failure fails the audit. */
export type AuditProgressListener = (progress: AuditProgress) => Promise<void>;

/** The job statistics the audit owns, named as in `JobReport` `AuditCompleted`. */
export interface AuditStats {
  findingsCreated: number;
  findingsResolved: number;
}

export interface ReconciledJob {
  tenantId: string;
  jobId: string;
}

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_PROGRESS_INTERVAL_MS = 1_000;
const MAX_OPEN_FINDINGS_PAGE = 10_000;

/**
 * Audits what a reconciled job changed. The job's scope content is read from the inventory's
 * nodes, with no state of the audit's own: the nodes whose `last_seen_job` is the job (the
 * present ones, every rule evaluated) and those whose `removed_in_job` is the job (gone: their
 * findings resolve). Reconcile set both for every node of the job's scopes, so that is exactly
 * the scopes' content, and it needs neither the job stream nor a record of the job's scopes.
 *
 * `findingsCreated` counts findings opened or re-opened in the job, `findingsResolved` those
 * resolved in it; the first complete outcome is stored and reported unchanged from then on.
 */
export class ScopeEvaluator {
  private readonly rules: readonly AuditRule[];
  private readonly clock: () => Date;

  constructor(private readonly options: ScopeEvaluatorOptions) {
    this.rules = options.rules ?? STARTER_RULES;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Audits the job (see the class). `onProgress` hears how many of its nodes are evaluated, after
   * a page, at most once per `progressIntervalMs` and only when the number moved.
   */
  async evaluate({ tenantId, jobId }: ReconciledJob, onProgress?: AuditProgressListener): Promise<AuditStats> {
    const { readStore } = this.options;
    const runs = readStore.collection(auditRunsCollection).forTenant(tenantId);
    const done = await runs.get(jobId);
    if (done) return statsOf(done);

    const context: AuditContext = { jobId, now: this.clock().toISOString() };
    const pageDone = onProgress ? await this.progressCounter(tenantId, jobId, onProgress) : async () => undefined;
    await this.auditNodes(tenantId, { last_seen_job: jobId }, context, pageDone);
    await this.auditNodes(tenantId, { removed_in_job: jobId }, context, pageDone);

    const findings = readStore.collection(findingsCollection).forTenant(tenantId);
    const stats: AuditStats = {
      findingsCreated: await findings.count({ opened_in_job: jobId }),
      findingsResolved: await findings.count({ resolved_in_job: jobId }),
    };
    await runs.upsert(jobId, {
      job_id: jobId,
      findings_created: stats.findingsCreated,
      findings_resolved: stats.findingsResolved,
      audited_at: context.now,
    });
    return stats;
  }

  /** Counts the job's nodes (both index counts), then tells `onProgress` as pages of them are done. */
  private async progressCounter(tenantId: string, jobId: string, onProgress: AuditProgressListener): Promise<(nodes: number) => Promise<void>> {
    const nodes = this.options.readStore.collection(inventoryNodesView).forTenant(tenantId);
    const nodesTotal = (await nodes.count({ last_seen_job: jobId })) + (await nodes.count({ removed_in_job: jobId }));
    const throttle = new ChangeThrottle(this.options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS, () => this.clock().getTime());
    let nodesAudited = 0;
    return async (pageNodes) => {
      nodesAudited += pageNodes;
      if (throttle.due(nodesAudited)) await onProgress({ nodesAudited, nodesTotal });
    };
  }

  /**
   * Pages through the nodes `where` selects, never holding more than two pages in memory: a
   * page's findings are written while the next page is read and planned (its findings are of
   * other nodes, so they do not depend on that write), so the audit does not wait for a commit
   * per page. Every write has finished when this returns, or it throws the first that failed.
   */
  private async auditNodes(
    tenantId: string,
    where: Where<InventoryNodeView>,
    context: AuditContext,
    pageDone: (nodes: number) => Promise<void>,
  ): Promise<void> {
    const { readStore } = this.options;
    const nodes = readStore.collection(inventoryNodesView).forTenant(tenantId);
    const findings = readStore.collection(findingsCollection).forTenant(tenantId);
    let writing: Promise<void> = Promise.resolve();
    let cursor: string | undefined;
    try {
      do {
        const page = await nodes.find({ where, limit: this.options.pageSize ?? DEFAULT_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
        const subjects: AuditSubject[] = page.items.map(({ doc }) => ({ node: doc, scope: doc.scope, present: doc.status === 'active' }));
        if (subjects.length > 0) {
          const known = await this.knownFindings(findings, subjects);
          const writes = planFindingChanges(this.rules, subjects, known, context);
          await writing;
          if (writes.length > 0) {
            writing = findings.bulkUpsert(writes.map(({ id, record }) => ({ id, doc: record })));
            // Handled now (awaited below), so a write failing while the next page is read is not
            // an unhandled rejection.
            writing.catch(() => undefined);
          }
        }
        cursor = page.nextCursor;
        await pageDone(page.items.length);
      } while (cursor);
    } finally {
      // Settled before returning or rethrowing, so no write outlives the audit that made it.
      await writing.catch(() => undefined);
    }
    await writing;
  }

  /** The open findings of these nodes, and any stored finding a present node could violate now. */
  private async knownFindings(findings: TenantCollection<FindingRecord>, subjects: readonly AuditSubject[]): Promise<Map<string, FindingRecord>> {
    const possible = subjects
      .filter((subject) => subject.present)
      .flatMap(({ node }) => this.rules.filter((rule) => appliesTo(rule, node.type)).map((rule) => findingId(rule.id, node.id)));
    const known = await findings.getMany(possible);
    const nodeIds = subjects.map(({ node }) => node.id);
    let cursor: string | undefined;
    do {
      // Sorted by the field the `$in` is on, so SQLite reads each listed node's entries of the
      // `node_id` index; sorted by id it walks every open finding of the tenant, once per page.
      const open = await findings.find({
        where: { node_id: { $in: nodeIds }, status: 'open' },
        sort: { field: 'node_id' },
        limit: MAX_OPEN_FINDINGS_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      for (const { id, doc } of open.items) known.set(id, doc);
      cursor = open.nextCursor;
    } while (cursor);
    return known;
  }
}

const statsOf = (run: AuditRun): AuditStats => ({ findingsCreated: run.findings_created, findingsResolved: run.findings_resolved });
