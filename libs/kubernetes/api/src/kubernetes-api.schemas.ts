import { z } from 'zod';
import { wholeNumberParam } from '@strata/contracts';
import { RISKS, SEVERITIES } from '@strata/kubernetes-domain';

/*
 * The Kubernetes reports' wire shapes: parameters are validated with these (400
 * `validation_error` otherwise) and the OpenAPI document is generated from them.
 */

const timestamp = z.iso.datetime().describe('ISO 8601, UTC');

/** A cluster's name as the plugin names it (a kubeconfig cluster name may hold `:`, `.`, `@`...). */
export const clusterNameSchema = z.string().min(1).max(253).describe('The cluster name: the job\'s cluster_name, else the kubeconfig context\'s cluster (URL-encoded)');

export const listClustersQuerySchema = z
  .object({
    limit: wholeNumberParam({ min: 1, max: 100, fallback: 20 }).describe('Page size, 1 to 100 (default 20)'),
    cursor: z.string().min(1).max(4096).optional().describe('page.next_cursor of the previous page'),
  })
  .strict();
export type ListClustersQuery = z.infer<typeof listClustersQuerySchema>;

const count = z.number().int().nonnegative();
const money = z.number().describe("In the tenant's currency (settings/general currency), converted from the price table's USD");

export const clusterCountsSchema = z
  .object({
    nodes: count,
    namespaces: count,
    pods: count,
    workloads: z.object({ deployments: count, statefulsets: count, daemonsets: count, replicasets: count, jobs: count, cronjobs: count }),
    services: count,
    ingresses: count,
    persistent_volumes: count,
    persistent_volume_claims: count,
    storage_classes: count,
    config_maps: count,
    secrets: count,
    service_accounts: count,
    network_policies: count,
    pod_disruption_budgets: count,
    horizontal_pod_autoscalers: count,
    roles: count,
    cluster_roles: count,
    role_bindings: count,
    cluster_role_bindings: count,
  })
  .describe('Active nodes of each kind in the graph');

export const kubernetesClusterSchema = z
  .object({
    name: z.string(),
    node_id: z.string().describe('The cluster node in the Graph API (k8s:<cluster>)'),
    status: z.enum(['active', 'removed']),
    version: z.string().nullable().describe('The API server\'s gitVersion, e.g. v1.31.4-eks-2d5f260'),
    platform: z.string().nullable().describe('eks | gke | aks | other'),
    server_host: z.string().nullable(),
    region: z.string().nullable(),
    first_seen: timestamp,
    last_discovery: z.object({ job_id: z.string(), observed_at: timestamp.describe('When the newest discovery of the cluster was made') }),
    counts: clusterCountsSchema,
    open_findings: z.object({ compliance: count, cost: count }).describe('Open findings of the kubernetes rules on the cluster (muted ones excluded)'),
    estimated_monthly_savings: money,
    currency: z.string(),
  })
  .meta({ id: 'KubernetesCluster' });
export type KubernetesClusterView = z.infer<typeof kubernetesClusterSchema>;

export const kubernetesClusterListSchema = z
  .object({ items: z.array(kubernetesClusterSchema), page: z.object({ limit: z.number().int(), next_cursor: z.string().nullable(), has_more: z.boolean() }) })
  .meta({ id: 'KubernetesClusterList' });
export type KubernetesClusterListView = z.infer<typeof kubernetesClusterListSchema>;

const severityCounts = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, count])) as Record<(typeof SEVERITIES)[number], typeof count>);
const severity = z.enum(SEVERITIES);
const listedResource = z.object({ id: z.string(), type: z.string(), name: z.string(), finding_id: z.string() });
const hygieneItem = z.object({ rule_id: z.string(), count, resources: z.array(listedResource).describe('At most 200'), truncated: z.boolean() });
const rbacSubject = z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional(), binding: z.string().describe('The binding that gives the subject the role') });
const rbacItem = z.object({
  rule_id: z.string(),
  count,
  items: z.array(listedResource.extend({ reason: z.string(), subjects: z.array(rbacSubject) })).describe('At most 200'),
  truncated: z.boolean(),
});

const reportHeader = {
  cluster: z.string(),
  generated_at: timestamp,
  last_discovery: z.object({ job_id: z.string(), observed_at: timestamp }),
  currency: z.string(),
};

export const governanceReportSchema = z
  .object({
    ...reportHeader,
    security_posture: z.object({
      open_findings: count,
      by_severity: severityCounts,
      by_namespace: z.array(z.object({ namespace: z.string().nullable().describe('null: cluster-scoped objects'), open_findings: count, by_severity: severityCounts })),
      by_rule: z.array(z.object({ rule_id: z.string(), title: z.string(), severity, open_findings: count })),
    }),
    resource_hygiene: z.object({ without_requests: hygieneItem, without_limits: hygieneItem, without_probes: hygieneItem, without_pdb: hygieneItem }),
    cost_signals: z.object({
      findings: count,
      estimated_monthly_savings: money,
      by_rule: z.array(z.object({ rule_id: z.string(), title: z.string(), findings: count, estimated_monthly_savings: money })),
    }),
    rbac_exposure: z.object({ cluster_admin_bindings: rbacItem, wildcard_roles: rbacItem, secret_reading_roles: rbacItem, pod_exec_roles: rbacItem }),
  })
  .meta({ id: 'KubernetesGovernanceReport' });

const actionStep = z.object({
  id: z.string(),
  rule_id: z.string(),
  risk: z.enum(RISKS),
  action: z.string(),
  risk_note: z.string(),
  reason: z.string(),
  resources: z.array(z.object({ id: z.string(), type: z.string(), name: z.string() })),
  finding_ids: z.array(z.string()),
  estimated_monthly_savings: money.nullable(),
  commands: z.array(z.string()).describe('kubectl commands, in order; names shell-quoted'),
  manifest_change: z.string().nullable(),
});
const riskGroup = z.object({ risk: z.enum(RISKS), steps: z.array(actionStep), estimated_monthly_savings: money });

export const actionPlanSchema = z
  .object({
    ...reportHeader,
    groups: z.object({ safe: riskGroup, review: riskGroup, risky: riskGroup }),
    steps_total: count,
    estimated_monthly_savings: money,
    findings_not_planned: count.describe('Open findings no step covers (see the governance report)'),
  })
  .meta({ id: 'KubernetesActionPlan' });
