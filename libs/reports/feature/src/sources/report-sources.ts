import type { ChangesSection, FrameworkPosture, KubernetesSection } from '@strata/reports-domain';

/*
 * What reports take from contexts they may not read directly. Each port is bound in the
 * composition layer (the gateway's `reportSources`); an unbound port leaves its section out.
 */

/** The job whose scope a source is asked about. */
export interface ReportedJob {
  tenantId: string;
  jobId: string;
  scopes: readonly string[];
}

/** What changed since the previous job of the scope ("what changed", issue 22): undefined when unknown. */
export interface JobChangesSource {
  changesOf(job: ReportedJob): Promise<ChangesSection | undefined>;
}

/** The Kubernetes governance of the clusters in the job's scope: undefined when it holds none. */
export interface KubernetesGovernanceSource {
  governanceOf(job: ReportedJob): Promise<KubernetesSection | undefined>;
}

/** Each compliance framework's posture for the tenant: undefined when there is no audit data. */
export interface CompliancePostureSource {
  postureOf(job: ReportedJob): Promise<FrameworkPosture[] | undefined>;
}

/** A PNG of the architecture diagram of the job's scope; undefined when there is none. */
export interface DiagramImageSource {
  diagramOf(job: ReportedJob): Promise<Buffer | undefined>;
}

export interface ReportSources {
  changes?: JobChangesSource;
  kubernetes?: KubernetesGovernanceSource;
  compliance?: CompliancePostureSource;
  diagram?: DiagramImageSource;
}
