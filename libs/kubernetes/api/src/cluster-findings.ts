import type { ReadStore } from '@strata/platform-read-store';
import type { ClusterFinding } from '@strata/kubernetes-domain';
import { findingsView, KUBERNETES_TYPES } from './kubernetes-read-views';

const CHUNK = 2000;

/**
 * The open findings (muted ones are not open) of the kubernetes rules on one cluster's nodes:
 * findings carry the cluster name as `account`. Read in chunks, in id order.
 */
export async function openClusterFindings(readStore: ReadStore, tenantId: string, cluster: string, ruleIds?: readonly string[]): Promise<ClusterFinding[]> {
  const findings = readStore.collection(findingsView).forTenant(tenantId);
  const out: ClusterFinding[] = [];
  let cursor: string | undefined;
  do {
    const page = await findings.find({
      where: { account: cluster, status: 'open', node_type: KUBERNETES_TYPES, ...(ruleIds ? { rule_id: { $in: [...ruleIds] } } : {}) },
      limit: CHUNK,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const { id, doc } of page.items) {
      out.push({
        id,
        rule_id: doc.rule_id,
        title: doc.title,
        kind: doc.kind,
        severity: doc.severity,
        reason: doc.reason,
        node_id: doc.node_id,
        node_type: doc.node_type,
        node_name: doc.node_name,
        monthly_savings_usd: doc.monthly_savings_usd,
      });
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}
