import type { DocumentEntry, FindQuery, ReadStore, TenantCollection } from '@strata/platform-read-store';
import { FindingsTally, InventoryTally, orderedSections, type ReportContent, type ReportSection } from '@strata/reports-domain';
import { TenantMoney } from '@strata/tenancy-settings';
import type { ReportSources, ReportedJob } from '../sources/report-sources';
import type { ReportRecord } from '../storage/reports-collection';
import { GRAPH_SUMMARY_ID, reportedFindingsView, reportedGraphSummariesView, reportedJobsView, reportedNodeSightingsView, reportedNodesView, reportedReconciliationsView, type ReportedFindingView, type ReportedJobView, type ReportedNodeView } from '../storage/report-read-views';

/** Documents read per page while streaming a collection. */
export const READ_PAGE = 5_000;

/** A report's data: its sections, and the diagram image when one was asked for and exists. */
export interface ReportData {
  content: ReportContent;
  diagram?: Buffer;
  job: ReportedJob;
  /** What the PDF's cover says of the scope. */
  scopeLabel: string;
}

/** A report that cannot be made (its job is gone): failed with this code, never retried. */
export class ReportInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/**
 * Reads what a report shows from the read store (through read-only views of the jobs, inventory
 * and audit collections) and the bound {@link ReportSources}: one pass over the job's open
 * findings and one over the active nodes of its scopes, each folded as it streams.
 */
export class ReportDataReader {
  constructor(
    private readonly readStore: ReadStore,
    private readonly sources: ReportSources = {},
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async job(tenantId: string, jobId: string): Promise<{ job: ReportedJobView; reported: ReportedJob }> {
    const job = await this.readStore.collection(reportedJobsView).forTenant(tenantId).get(jobId);
    if (!job) throw new ReportInputError('job_not_found', `job ${jobId} does not exist`);
    const reconciliation = await this.readStore.collection(reportedReconciliationsView).forTenant(tenantId).get(jobId);
    return { job, reported: { tenantId, jobId, scopes: reconciliation?.scopes ?? [] } };
  }

  async read(report: ReportRecord, onProgress: (phase: string) => Promise<void> = async () => undefined): Promise<ReportData> {
    const { job, reported } = await this.job(report.tenant_id, report.job_id);
    const wanted = new Set<ReportSection>(orderedSections(report.sections));
    const money = await TenantMoney.of(this.readStore, report.tenant_id);
    const convert = (usd: number): number => money.amount(usd);
    const content: ReportContent = {
      report: { id: report.id, tenant_id: report.tenant_id, title: report.title ?? `Report of job ${job.name}`, generated_at: this.clock().toISOString(), currency: money.currency, sections: [] },
    };
    if (wanted.has('summary')) content.summary = summaryOf(job, reported, money);

    if (wanted.has('findings') || wanted.has('waste')) {
      await onProgress('findings');
      const tally = await this.findings(reported);
      if (tally.openFindings > 0 || (await this.auditRan(reported))) {
        if (wanted.has('findings')) content.findings = tally.findings(convert);
        const waste = tally.waste(convert);
        if (wanted.has('waste') && waste.findings > 0) content.waste = waste;
      }
    }
    if (wanted.has('compliance') && this.sources.compliance) {
      await onProgress('compliance');
      const frameworks = await this.sources.compliance.postureOf(reported);
      if (frameworks && frameworks.length > 0) content.compliance = { frameworks };
    }
    if (wanted.has('inventory') && reported.scopes.length > 0) {
      await onProgress('inventory');
      content.inventory = (await this.inventory(reported)).section();
    }
    if (wanted.has('changes') && this.sources.changes) {
      await onProgress('changes');
      const changes = await this.sources.changes.changesOf(reported);
      if (changes) content.changes = changes;
    }
    if (wanted.has('kubernetes') && this.sources.kubernetes) {
      await onProgress('kubernetes');
      const kubernetes = await this.sources.kubernetes.governanceOf(reported);
      if (kubernetes && kubernetes.clusters.length > 0) content.kubernetes = kubernetes;
    }
    let diagram: Buffer | undefined;
    if (wanted.has('diagram') && report.format === 'pdf' && this.sources.diagram) {
      await onProgress('diagram');
      diagram = await this.sources.diagram.diagramOf(reported);
    }
    content.report.sections = [...(['summary', 'findings', 'waste', 'compliance', 'inventory', 'changes', 'kubernetes'] as const).filter((key) => content[key] !== undefined), ...(diagram ? ['diagram'] : [])];
    return { content, job: reported, scopeLabel: reported.scopes.join(', ') || '(no scope)', ...(diagram ? { diagram } : {}) };
  }

  /**
   * The open findings of the job's scopes, a page at a time: scope by scope, each an id-ordered
   * range of the `scope` index, so every page is a seek, not a sort.
   */
  async *openFindingPages(job: ReportedJob): AsyncGenerator<DocumentEntry<ReportedFindingView>[]> {
    const findings = this.readStore.collection(reportedFindingsView).forTenant(job.tenantId);
    for (const scope of job.scopes) yield* prefetchingPages(findings, { where: { scope, status: 'open' }, limit: READ_PAGE });
  }

  /**
   * The active nodes of the job's scopes, a page at a time. Read as the tenant's active nodes in
   * id order (the `status` index) and filtered here: inventory indexes `scope` only in a compound
   * index whose pages are not in id order, so each keyset page of `scope = x` would sort the
   * whole scope again (quadratic over a large estate).
   */
  /** The nodes with their latest sightings (see `reportedNodeSightingsView`), in the same order. */
  async withSightings(job: ReportedJob, page: readonly DocumentEntry<ReportedNodeView>[]): Promise<DocumentEntry<ReportedNodeView>[]> {
    const sightings = await this.readStore.collection(reportedNodeSightingsView).forTenant(job.tenantId).getMany(page.map(({ id }) => id));
    return page.map(({ id, doc }) => {
      const sighting = sightings.get(id);
      return sighting && Date.parse(sighting.last_seen) >= Date.parse(doc.last_seen) ? { id, doc: { ...doc, last_seen: sighting.last_seen, last_seen_job: sighting.last_seen_job } } : { id, doc };
    });
  }

  async *activeNodePages(job: ReportedJob): AsyncGenerator<DocumentEntry<ReportedNodeView>[]> {
    if (job.scopes.length === 0) return;
    const scopes = new Set(job.scopes);
    const all = job.scopes.length === 1 ? undefined : scopes;
    for await (const page of prefetchingPages(this.readStore.collection(reportedNodesView).forTenant(job.tenantId), { where: { status: 'active' }, limit: READ_PAGE })) {
      const kept = all === undefined ? page.filter((entry) => entry.doc.scope === job.scopes[0]) : page.filter((entry) => scopes.has(entry.doc.scope));
      if (kept.length > 0) yield kept;
    }
  }

  /**
   * The active nodes of the job's scopes counted by type, account and region. When those scopes
   * hold every active node of the tenant (counted on indexes, reading no node), inventory's graph
   * summary is that count already: one document. Otherwise the nodes are read and counted.
   */
  private async inventory(job: ReportedJob): Promise<InventoryTally> {
    const nodes = this.readStore.collection(reportedNodesView).forTenant(job.tenantId);
    const [inScopes, all, summary] = await Promise.all([
      Promise.all(job.scopes.map((scope) => nodes.count({ scope, status: 'active' }))).then((counts) => counts.reduce((sum, count) => sum + count, 0)),
      nodes.count({ status: 'active' }),
      this.readStore.collection(reportedGraphSummariesView).forTenant(job.tenantId).get(GRAPH_SUMMARY_ID),
    ]);
    if (inScopes === all && summary?.total_nodes === all) {
      return InventoryTally.fromCounts(all, { byType: summary.by_type, byAccount: summary.by_account, byRegion: summary.by_region });
    }
    const tally = new InventoryTally();
    for await (const page of this.activeNodePages(job)) for (const { doc } of page) tally.add(doc);
    return tally;
  }

  private async findings(job: ReportedJob): Promise<FindingsTally> {
    const tally = new FindingsTally();
    if (job.scopes.length === 0) return tally;
    for await (const page of this.openFindingPages(job)) for (const { doc } of page) tally.add(doc);
    return tally;
  }

  /** Whether the audit engine has written any finding of these scopes (open or not): no findings data means no section. */
  private async auditRan(job: ReportedJob): Promise<boolean> {
    if (job.scopes.length === 0) return false;
    return (await this.readStore.collection(reportedFindingsView).forTenant(job.tenantId).count({ scope: { $in: [...job.scopes] } })) > 0;
  }
}

function summaryOf(job: ReportedJobView, reported: ReportedJob, money: TenantMoney): NonNullable<ReportContent['summary']> {
  const duration = job.stats?.duration_seconds ?? (job.started_at && job.completed_at ? (Date.parse(job.completed_at) - Date.parse(job.started_at)) / 1000 : null);
  return {
    job: {
      id: job.id,
      name: job.name,
      status: job.status,
      plugins: [...job.plugins],
      created_at: job.created_at,
      started_at: job.started_at ?? null,
      completed_at: job.completed_at ?? null,
    },
    scopes: [...reported.scopes],
    stats: job.stats ? { ...job.stats } : null,
    duration_seconds: duration,
    estimated_monthly_savings: savingsIn(job, money),
  };
}

/**
 * The pages of what `query` matches, by keyset cursor, asking for the next page as soon as one
 * arrives. At most two pages are held at once.
 */
async function* prefetchingPages<TDoc extends object>(collection: TenantCollection<TDoc>, query: Omit<FindQuery<TDoc>, 'cursor'>): AsyncGenerator<DocumentEntry<TDoc>[]> {
  let next = collection.find(query);
  for (;;) {
    const page = await next;
    if (page.nextCursor !== undefined) next = collection.find({ ...query, cursor: page.nextCursor });
    yield page.items;
    if (page.nextCursor === undefined) return;
  }
}

/**
 * The job's estimated savings in the report's currency: the job keeps them in the currency of
 * its audit (USD for jobs that say none). A USD figure is converted; one already in the report's
 * currency is kept; one in a third currency is not shown rather than shown mislabelled.
 */
function savingsIn(job: ReportedJobView, money: TenantMoney): number | null {
  if (job.estimated_monthly_savings === undefined) return null;
  const currency = job.currency ?? 'USD';
  if (currency === money.currency) return job.estimated_monthly_savings;
  return currency === 'USD' ? money.amount(job.estimated_monthly_savings) : null;
}
