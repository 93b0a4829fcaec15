/** Severities as the audit engine ranks them, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * A finding of one cluster, as these reports read it from the findings read model: the fields
 * they use, in the read model's names (the audit engine's `FindingRecord`).
 */
export interface ClusterFinding {
  /** `<rule id>:<node id>`. */
  id: string;
  rule_id: string;
  title: string;
  kind: 'compliance' | 'cost';
  severity: Severity;
  reason: string;
  node_id: string;
  node_type: string;
  /** `namespace/name` for namespaced objects, `name` for cluster-scoped ones. */
  node_name: string;
  /** USD a month (cost rules); null when unknown. */
  monthly_savings_usd: number | null;
}

/** The kinds whose objects live outside namespaces (their names hold no `namespace/`). */
const CLUSTER_SCOPED = new Set([
  'kubernetes.cluster',
  'kubernetes.node',
  'kubernetes.namespace',
  'kubernetes.persistentvolume',
  'kubernetes.storageclass',
  'kubernetes.clusterrole',
  'kubernetes.clusterrolebinding',
]);

/** A resource as the reports name it: its graph id, and its namespace and bare name (k8s names hold no `/`). */
export interface ResourceRef {
  id: string;
  type: string;
  name: string;
  namespace: string | null;
  object_name: string;
}

export function resourceOf(finding: Pick<ClusterFinding, 'node_id' | 'node_type' | 'node_name'>): ResourceRef {
  const slash = finding.node_name.indexOf('/');
  const namespaced = !CLUSTER_SCOPED.has(finding.node_type) && slash > 0;
  return {
    id: finding.node_id,
    type: finding.node_type,
    name: finding.node_name,
    namespace: namespaced ? finding.node_name.slice(0, slash) : null,
    object_name: namespaced ? finding.node_name.slice(slash + 1) : finding.node_name,
  };
}

/** Sums money without the drift of adding floats one by one: to the cent. */
export const roundCents = (value: number): number => Math.round(value * 100) / 100;
