import {
  findingId,
  isViolated,
  LoadedGraph,
  MuteBook,
  PageEvaluation,
  planFindingChanges,
  RuleSet,
  RuleTimeBudget,
  toRuleNode,
  type AuditContext,
  type AuditSubject,
  type CompiledRule,
  type EvaluationEnvironment,
  type FindingMute,
  type FindingRecord,
  type FindingWrite,
  type MuteRule,
  type PriceSource,
  type RuleFailure,
  type ScanThresholds,
} from '@strata/audit-domain';
import type { DocumentEntry, ReadStore, TenantCollection, Where } from '@strata/platform-read-store';
import { ChangeThrottle } from '@strata/shared-domain';
import {
  auditRunsCollection,
  findingMutesCollection,
  scopeAuditsCollection,
  findingsCollection,
  countNodesSeenBy,
  inventoryNodeSightingsView,
  inventoryNodesView,
  seenIn,
  muteRulesCollection,
  ruleHealthCollection,
  type AuditRun,
  type InventoryNodeView,
} from '../read-model/audit-collections';
import { planAudit } from '../incremental/plan-audit';
import { NeighbourhoodLoader } from './neighbourhood-loader';

/** What an audit evaluates with, beside the graph: the rules and the prices. */
export interface AuditInputs {
  prices: PriceSource;
  /** What one audit of the tenant evaluates with, read once at its start. */
  forTenant(tenantId: string): Promise<TenantAuditInputsSnapshot>;
}

export interface TenantAuditInputsSnapshot {
  /** The tenant's rules in force (built-in and custom, the disabled left out). */
  rules: readonly CompiledRule[];
  /** The tenant's utilisation thresholds for a provider. */
  thresholds: (provider: string) => ScanThresholds;
  /**
   * Changes whenever what the tenant's audit evaluates with changes (its rules, thresholds, the
   * price table): a scope last audited with another fingerprint is audited whole again.
   */
  fingerprint: string;
}

export interface ScopeEvaluatorOptions {
  readStore: ReadStore;
  inputs: AuditInputs;
  clock?: () => Date;
  /**
   * The share of a job's nodes it may have changed and still be audited incrementally (default
   * 0.2): past it, walking back from each change costs more than evaluating everything.
   */
  incrementalShare?: number;
  /** Time each rule may spend evaluating in one audit (default 60 s). */
  ruleTimeBudgetMs?: number;
  /** Told of the findings each page opened, resolved, muted or unmuted (the `Finding*` events). */
  onFindingsWritten?: (tenantId: string, writes: readonly FindingWrite[], context: AuditContext) => Promise<void>;
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
  /** USD a month the open (not muted) cost findings of the job's scopes would save. */
  estimatedMonthlySavings: number;
}

export interface ReconciledJob {
  tenantId: string;
  jobId: string;
}

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_PROGRESS_INTERVAL_MS = 1_000;
const MAX_OPEN_FINDINGS_PAGE = 10_000;
const MAX_MUTE_RULES = 1_000;
const DEFAULT_RULE_TIME_BUDGET_MS = 60_000;
/** The share of a job's nodes it may have changed and still be audited incrementally. */
const INCREMENTAL_SHARE = 0.2;
/** Sightings read per page when listing a job's nodes (see `nodesSeenBy`). */
const MAX_SIGHTINGS_PAGE = 10_000;

/**
 * Audits a reconciled job. Whole (`planAudit` decides): the nodes the job saw last in its scopes
 * (present: every rule that covers its type evaluated) and those whose `removed_in_job` is
 * the job (gone: their findings resolve), which reconcile set for every node of the job's scopes,
 * so that is exactly the scopes' content. Incremental: only the nodes the job's changes may
 * affect, when its scopes were last audited with the inputs in force.
 *
 * `findingsCreated` counts findings opened or re-opened in the job, `findingsResolved` those
 * resolved in it; the first complete outcome is stored and reported unchanged from then on.
 */
export class ScopeEvaluator {
  private readonly clock: () => Date;

  constructor(private readonly options: ScopeEvaluatorOptions) {
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
    const audit = await this.prepare(tenantId, context);
    const plan = await planAudit({
      readStore: this.options.readStore,
      tenantId,
      jobId,
      rules: audit.rules.rules,
      fingerprint: audit.fingerprint,
      incrementalShare: this.options.incrementalShare ?? INCREMENTAL_SHARE,
    });
    if (plan.kind === 'whole') {
      const pageDone = onProgress ? await this.progressCounter(tenantId, jobId, plan.scopes, onProgress) : async () => undefined;
      await this.auditNodes(audit, this.nodesSeenBy(tenantId, jobId, plan.scopes), pageDone);
      await this.auditNodes(audit, this.nodePages(tenantId, { removed_in_job: jobId }), pageDone);
    } else {
      await this.auditAffected(audit, plan.nodeIds, onProgress);
    }
    await this.recordScopeAudits(audit, plan.scopes);
    await this.recordRuleHealth(audit);

    const findings = readStore.collection(findingsCollection).forTenant(tenantId);
    const stats: AuditStats = {
      findingsCreated: await findings.count({ opened_in_job: jobId }),
      findingsResolved: await findings.count({ resolved_in_job: jobId }),
      estimatedMonthlySavings: await this.openSavings(findings, new Set([...plan.scopes, ...audit.scopesSeen])),
    };
    await runs.upsert(jobId, {
      job_id: jobId,
      findings_created: stats.findingsCreated,
      findings_resolved: stats.findingsResolved,
      estimated_monthly_savings: stats.estimatedMonthlySavings,
      audited_at: context.now,
      mode: plan.kind === 'whole' ? 'whole' : 'incremental',
      ...(plan.kind === 'affected' ? { nodes_evaluated: plan.nodeIds.size } : {}),
    });
    return stats;
  }

  /** Audits the nodes an incremental plan named, a page of them at a time, in id order. */
  private async auditAffected(audit: PreparedAudit, nodeIds: ReadonlySet<string>, onProgress?: AuditProgressListener): Promise<void> {
    const nodes = this.options.readStore.collection(inventoryNodesView).forTenant(audit.tenantId);
    const ids = [...nodeIds].sort();
    const throttle = new ChangeThrottle(this.options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS, () => this.clock().getTime());
    const pageSize = this.options.pageSize ?? DEFAULT_PAGE_SIZE;
    for (let start = 0; start < ids.length; start += pageSize) {
      const found = await nodes.getMany(ids.slice(start, start + pageSize));
      const subjects: AuditSubject[] = [...found.values()].map((doc) => ({ node: toRuleNode(doc), scope: doc.scope, present: doc.status === 'active' }));
      if (subjects.length > 0) {
        const writes = await this.auditPage(audit, subjects);
        if (writes.length > 0) await this.write(audit, writes);
      }
      const nodesAudited = Math.min(ids.length, start + pageSize);
      if (onProgress && throttle.due(nodesAudited)) await onProgress({ nodesAudited, nodesTotal: ids.length });
    }
  }

  /** The savings of the open cost findings of these scopes, summed by the store, to the cent. */
  private async openSavings(findings: TenantCollection<FindingRecord>, scopes: ReadonlySet<string>): Promise<number> {
    if (scopes.size === 0) return 0;
    const total = await findings.sum('monthly_savings_usd', { scope: { $in: [...scopes] }, status: 'open', kind: 'cost' });
    return Math.round(total * 100) / 100;
  }

  /** Remembers, per scope of the job, that it was audited with these inputs. */
  private async recordScopeAudits(audit: PreparedAudit, scopes: readonly string[]): Promise<void> {
    if (scopes.length === 0) return;
    const { jobId, now } = audit.context;
    await this.options.readStore
      .collection(scopeAuditsCollection)
      .forTenant(audit.tenantId)
      .bulkUpsert(scopes.map((scope) => ({ id: scope, doc: { scope, last_job_id: jobId ?? '', inputs_fingerprint: audit.fingerprint, audited_at: now } })));
  }

  /** Counts the job's nodes (both index counts), then tells `onProgress` as pages of them are done. */
  private async progressCounter(tenantId: string, jobId: string, scopes: readonly string[], onProgress: AuditProgressListener): Promise<(nodes: number) => Promise<void>> {
    const nodes = this.options.readStore.collection(inventoryNodesView).forTenant(tenantId);
    const nodesTotal = (await countNodesSeenBy(this.options.readStore, tenantId, jobId, scopes)) + (await nodes.count({ removed_in_job: jobId }));
    const throttle = new ChangeThrottle(this.options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS, () => this.clock().getTime());
    let nodesAudited = 0;
    return async (pageNodes) => {
      nodesAudited += pageNodes;
      if (throttle.due(nodesAudited)) await onProgress({ nodesAudited, nodesTotal });
    };
  }

  /** What every page of one audit shares: the rules, the graph's environment, the mutes. */
  private async prepare(tenantId: string, context: AuditContext): Promise<PreparedAudit> {
    const { readStore, inputs } = this.options;
    const { rules, thresholds, fingerprint } = await inputs.forTenant(tenantId);
    const muteRules = (await readStore.collection(muteRulesCollection).forTenant(tenantId).find({ limit: MAX_MUTE_RULES })).items.map(({ doc }) => doc);
    const clock = () => this.clock().getTime();
    return {
      tenantId,
      context,
      fingerprint,
      scopesSeen: new Set(),
      rules: new RuleSet(rules),
      thresholds,
      muteRules,
      budget: new RuleTimeBudget(this.options.ruleTimeBudgetMs ?? DEFAULT_RULE_TIME_BUDGET_MS, clock),
      failures: new Map(),
      loader: new NeighbourhoodLoader(readStore, tenantId),
    };
  }

  /**
   * Pages through the nodes `where` selects, never holding more than two pages in memory: a
   * page's findings are written while the next page is read and planned (its findings are of
   * other nodes, so they do not depend on that write), so the audit does not wait for a commit
   * per page. Every write has finished when this returns, or it throws the first that failed.
   */
  /** The nodes of a page of `nodes`' documents, a page at a time. */
  private async *nodePages(tenantId: string, where: Where<InventoryNodeView>): AsyncGenerator<DocumentEntry<InventoryNodeView>[]> {
    const nodes = this.options.readStore.collection(inventoryNodesView).forTenant(tenantId);
    let cursor: string | undefined;
    do {
      const page = await nodes.find({ where, limit: this.options.pageSize ?? DEFAULT_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      yield page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /**
   * The active nodes the job saw last in its scopes: their sightings' `seen_in`, read in large
   * pages (the index is unordered, so the store sorts a value's every match to serve one), then
   * the nodes a page at a time.
   */
  private async *nodesSeenBy(tenantId: string, jobId: string, scopes: readonly string[]): AsyncGenerator<DocumentEntry<InventoryNodeView>[]> {
    const { readStore } = this.options;
    const sightings = readStore.collection(inventoryNodeSightingsView).forTenant(tenantId);
    const nodes = readStore.collection(inventoryNodesView).forTenant(tenantId);
    const pageSize = this.options.pageSize ?? DEFAULT_PAGE_SIZE;
    for (const scope of scopes) {
      let cursor: string | undefined;
      do {
        const seen = await sightings.find({ where: { seen_in: seenIn(scope, jobId) }, limit: MAX_SIGHTINGS_PAGE, ...(cursor ? { cursor } : {}) });
        for (let start = 0; start < seen.items.length; start += pageSize) {
          const found = await nodes.getMany(seen.items.slice(start, start + pageSize).map(({ id }) => id));
          // Active only: a removal whose sighting was not yet corrected (see the inventory's reconcile) is not seen.
          yield [...found].filter(([, doc]) => doc.status === 'active' && doc.scope === scope).map(([id, doc]) => ({ id, doc }));
        }
        cursor = seen.nextCursor;
      } while (cursor);
    }
  }

  private async auditNodes(audit: PreparedAudit, pages: AsyncIterable<DocumentEntry<InventoryNodeView>[]>, pageDone: (nodes: number) => Promise<void>): Promise<void> {
    let writing: Promise<void> = Promise.resolve();
    try {
      for await (const items of pages) {
        const page = { items };
        const subjects: AuditSubject[] = page.items.map(({ doc }) => ({ node: toRuleNode(doc), scope: doc.scope, present: doc.status === 'active' }));
        if (subjects.length > 0) {
          const writes = await this.auditPage(audit, subjects);
          await writing;
          if (writes.length > 0) {
            writing = this.write(audit, writes);
            // Handled now (awaited below), so a write failing while the next page is read is not
            // an unhandled rejection.
            writing.catch(() => undefined);
          }
        }
        await pageDone(page.items.length);
      }
    } finally {
      // Settled before returning or rethrowing, so no write outlives the audit that made it.
      await writing.catch(() => undefined);
    }
    await writing;
  }

  /** Evaluates a page (loading the edges its rules ask for, round by round) and plans its writes. */
  private async auditPage(audit: PreparedAudit, subjects: readonly AuditSubject[]): Promise<FindingWrite[]> {
    const graph = new LoadedGraph();
    const environment: EvaluationEnvironment = { graph, now: new Date(audit.context.now), prices: this.options.inputs.prices, thresholds: audit.thresholds };
    const evaluation = await audit.loader.evaluate(new PageEvaluation(audit.rules, subjects, environment, audit.budget), graph);
    for (const [ruleId, failure] of evaluation.failures) {
      const known = audit.failures.get(ruleId);
      audit.failures.set(ruleId, known ? { ...known, nodes: known.nodes + failure.nodes } : failure);
    }
    for (const subject of subjects) audit.scopesSeen.add(subject.scope);
    const findings = this.options.readStore.collection(findingsCollection).forTenant(audit.tenantId);
    const known = await this.knownFindings(findings, audit.rules, subjects);
    const mutes = await this.muteBook(audit, [...known.keys(), ...evaluation.outcomes.keys()]);
    return planFindingChanges(evaluation, known, mutes, audit.context);
  }

  private async write(audit: PreparedAudit, writes: readonly FindingWrite[]): Promise<void> {
    await this.options.readStore
      .collection(findingsCollection)
      .forTenant(audit.tenantId)
      .bulkUpsert(writes.map(({ id, record }) => ({ id, doc: record })));
    await this.options.onFindingsWritten?.(audit.tenantId, writes, audit.context);
  }

  private async muteBook(audit: PreparedAudit, findingIds: readonly string[]): Promise<MuteBook> {
    const mutes = await this.options.readStore.collection(findingMutesCollection).forTenant(audit.tenantId).getMany([...new Set(findingIds)]);
    return new MuteBook(mutes as ReadonlyMap<string, FindingMute>, audit.muteRules, Date.parse(audit.context.now));
  }

  /** Stores, per rule, the last error it raised in this audit; a rule that ran cleanly keeps none. */
  private async recordRuleHealth(audit: PreparedAudit): Promise<void> {
    const health = this.options.readStore.collection(ruleHealthCollection).forTenant(audit.tenantId);
    const { jobId, now } = audit.context;
    await health.bulkUpsert(
      audit.rules.rules.map((rule) => {
        const failure: RuleFailure | undefined = audit.failures.get(rule.id);
        return {
          id: rule.id,
          doc: { rule_id: rule.id, last_error: failure ? { message: failure.message, node_id: failure.nodeId, nodes: failure.nodes, job_id: jobId, at: now } : null, last_evaluated_at: now },
        };
      }),
    );
  }

  /** The violated findings of these nodes, and any stored finding a present node could violate now. */
  private async knownFindings(findings: TenantCollection<FindingRecord>, rules: RuleSet, subjects: readonly AuditSubject[]): Promise<Map<string, FindingRecord>> {
    const possible = subjects.filter((subject) => subject.present).flatMap(({ node }) => rules.rulesFor(node.type).map((rule) => findingId(rule.id, node.id)));
    const known = await findings.getMany(possible);
    const nodeIds = subjects.map(({ node }) => node.id);
    for (const status of ['open', 'muted'] as const) {
      let cursor: string | undefined;
      do {
        // Sorted by the field the `$in` is on, so SQLite reads each listed node's entries of the
        // `node_id` index; sorted by id it walks every violated finding of the tenant, once per page.
        const violated = await findings.find({
          where: { node_id: { $in: nodeIds }, status },
          sort: { field: 'node_id' },
          limit: MAX_OPEN_FINDINGS_PAGE,
          ...(cursor ? { cursor } : {}),
        });
        for (const { id, doc } of violated.items) if (isViolated(doc)) known.set(id, doc);
        cursor = violated.nextCursor;
      } while (cursor);
    }
    return known;
  }
}

interface PreparedAudit {
  tenantId: string;
  context: AuditContext;
  fingerprint: string;
  /** The scopes of the nodes audited: the job's, when inventory's record of them is missing. */
  scopesSeen: Set<string>;
  rules: RuleSet;
  thresholds: (provider: string) => ScanThresholds;
  muteRules: MuteRule[];
  budget: RuleTimeBudget;
  failures: Map<string, RuleFailure>;
  loader: NeighbourhoodLoader;
}

const statsOf = (run: AuditRun): AuditStats => ({
  findingsCreated: run.findings_created,
  findingsResolved: run.findings_resolved,
  estimatedMonthlySavings: run.estimated_monthly_savings ?? 0,
});
