import { FindingsApiService, FindingsCatalog } from '@strata/audit-api';
import { DomainError } from '@strata/contracts';
import { jobScopeDiagramPng } from '@strata/diagrams-api';
import { JobChangeSummaryReader } from '@strata/inventory-api';
import { KubernetesApiService } from '@strata/kubernetes-api';
import { defineCollection, findAll, type ReadStore } from '@strata/platform-read-store';
import type { CompliancePostureSource, DiagramImageSource, JobChangesSource, KubernetesGovernanceSource, ReportSources, ReportedJob } from '@strata/reports-feature';
import type { ChangesSection, FrameworkPosture, KubernetesSection } from '@strata/reports-domain';

const KUBERNETES_SCOPE = 'kubernetes:';

/**
 * The Kubernetes governance of each cluster a job discovered (its scopes `kubernetes:<cluster>`),
 * from `@strata/kubernetes-api`'s governance report: what the report's Kubernetes section shows.
 */
export class KubernetesGovernanceAdapter implements KubernetesGovernanceSource {
  private readonly kubernetes: KubernetesApiService;

  constructor(readStore: ReadStore) {
    this.kubernetes = new KubernetesApiService(readStore);
  }

  async governanceOf(job: ReportedJob): Promise<KubernetesSection | undefined> {
    const clusters = job.scopes.filter((scope) => scope.startsWith(KUBERNETES_SCOPE)).map((scope) => scope.slice(KUBERNETES_SCOPE.length));
    const section: KubernetesSection = { clusters: [] };
    for (const cluster of clusters) {
      try {
        const report = await this.kubernetes.governance.report(job.tenantId, cluster);
        const hygiene = Object.values(report.resource_hygiene).reduce((sum, item) => sum + item.count, 0);
        const rbac = Object.values(report.rbac_exposure).reduce((sum, item) => sum + item.count, 0);
        section.clusters.push({
          cluster,
          open_findings: report.security_posture.open_findings + report.cost_signals.findings,
          by_severity: report.security_posture.by_severity,
          monthly_savings: report.cost_signals.estimated_monthly_savings,
          rbac_exposures: rbac,
          hygiene_issues: hygiene,
        });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'cluster_not_found') continue;
        throw error;
      }
    }
    return section.clusters.length > 0 ? section : undefined;
  }
}

/**
 * Each compliance framework's posture for the tenant, computed by the Findings API
 * (`@strata/audit-api`: the built-in packs' frameworks and rules, the open findings as evidence);
 * none when no framework has an evaluated control (no audit data yet).
 */
export class CompliancePostureAdapter implements CompliancePostureSource {
  private readonly findings: FindingsApiService;

  constructor(readStore: ReadStore, catalog: FindingsCatalog = FindingsCatalog.builtIn()) {
    this.findings = new FindingsApiService(readStore, catalog);
  }

  async postureOf(job: ReportedJob): Promise<FrameworkPosture[] | undefined> {
    const { items } = await this.findings.compliance.list(job.tenantId);
    const evaluated = items.filter((framework) => framework.passing + framework.failing > 0);
    if (evaluated.length === 0) return undefined;
    return evaluated.map((framework) => ({
      id: framework.id,
      name: framework.name,
      version: framework.version,
      score_percent: framework.score_percent ?? null,
      passing: framework.passing,
      failing: framework.failing,
      not_evaluated: framework.not_evaluated,
      controls_total: framework.controls_total,
    }));
  }
}

/**
 * The architecture diagram of the job's scope as `@strata/diagrams-api` draws it for
 * `GET .../jobs/{jobID}/diagram?format=png`; none when the job's plugins draw nothing or its scope
 * holds nothing to draw (a page saying "nothing to draw" helps no reader of a report).
 */
export class DiagramImageAdapter implements DiagramImageSource {
  constructor(private readonly readStore: ReadStore) {}

  async diagramOf(job: ReportedJob): Promise<Buffer | undefined> {
    try {
      const diagram = await jobScopeDiagramPng(this.readStore, job.tenantId, job.jobId);
      return diagram.empty ? undefined : diagram.png;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'nothing_to_draw') return undefined;
      throw error;
    }
  }
}

/** Inventory's record of each reconciled job (read only, by id: no index declared). */
const reconciliationsView = defineCollection<{ job_id: string; scopes: string[]; reconciled_at: string }>({ name: 'reconciliations', indexes: {} });

/**
 * What the job changed, from inventory's change summary (`@strata/inventory-api`): a job's changes
 * are what it found different from its scopes as the jobs before it left them, so they are "what
 * changed since the previous job of the scope", that job being the latest other one reconciled
 * before it over any of its scopes (null for the scope's first). Nodes per type; edges in total.
 */
export class JobChangesAdapter implements JobChangesSource {
  private readonly summaries: JobChangeSummaryReader;

  constructor(private readonly readStore: ReadStore) {
    this.summaries = new JobChangeSummaryReader(readStore);
  }

  async changesOf(job: ReportedJob): Promise<ChangesSection | undefined> {
    const summary = await this.summaries.get(job.tenantId, job.jobId);
    // Not reconciled with change tracking (a job from before it): unknown, so left out.
    if (!summary?.complete) return undefined;
    return {
      previous_job_id: await this.previousJobOf(job),
      nodes_added: summary.nodes.added,
      nodes_changed: summary.nodes.changed,
      nodes_removed: summary.nodes.removed,
      edges_added: summary.edges.added,
      edges_removed: summary.edges.removed,
      by_type: summary.by_type.filter((row) => row.kind === 'node').map(({ type, added, changed, removed }) => ({ type, added, changed, removed })),
    };
  }

  private async previousJobOf(job: ReportedJob): Promise<string | null> {
    const reconciliations = this.readStore.collection(reconciliationsView).forTenant(job.tenantId);
    const own = await reconciliations.get(job.jobId);
    if (!own) return null;
    const scopes = new Set(job.scopes);
    let previous: { job_id: string; reconciled_at: string } | undefined;
    for await (const { doc } of findAll(reconciliations, { limit: 1000 })) {
      if (doc.job_id === job.jobId || doc.reconciled_at > own.reconciled_at || !doc.scopes.some((scope) => scopes.has(scope))) continue;
      if (!previous || doc.reconciled_at > previous.reconciled_at) previous = doc;
    }
    return previous?.job_id ?? null;
  }
}

/**
 * The sources of the report sections other contexts own, for `ReportGeneratorModule`: what the
 * job changed, Kubernetes governance, compliance posture and the scope's diagram.
 */
export function reportSources(readStore: ReadStore): ReportSources {
  return {
    changes: new JobChangesAdapter(readStore),
    kubernetes: new KubernetesGovernanceAdapter(readStore),
    compliance: new CompliancePostureAdapter(readStore),
    diagram: new DiagramImageAdapter(readStore),
  };
}
