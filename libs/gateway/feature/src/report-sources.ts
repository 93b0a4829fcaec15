import { FindingsApiService, FindingsCatalog } from '@strata/audit-api';
import { DomainError } from '@strata/contracts';
import { jobScopeDiagramPng } from '@strata/diagrams-api';
import { KubernetesApiService } from '@strata/kubernetes-api';
import type { ReadStore } from '@strata/platform-read-store';
import type { CompliancePostureSource, DiagramImageSource, KubernetesGovernanceSource, ReportSources, ReportedJob } from '@strata/reports-feature';
import type { FrameworkPosture, KubernetesSection } from '@strata/reports-domain';

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

/**
 * The sources of the report sections other contexts own, for `ReportGeneratorModule`: Kubernetes
 * governance, compliance posture and the scope's diagram. The changes source (`JobChangesSource`)
 * is bound here once inventory records a job's changes.
 */
export function reportSources(readStore: ReadStore): ReportSources {
  return {
    kubernetes: new KubernetesGovernanceAdapter(readStore),
    compliance: new CompliancePostureAdapter(readStore),
    diagram: new DiagramImageAdapter(readStore),
  };
}
