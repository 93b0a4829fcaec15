import type { ReadStore } from '@strata/platform-read-store';
import { buildGovernanceReport, RBAC_RULES, type RbacSubject } from '@strata/kubernetes-domain';
import type { z } from 'zod';
import type { ClusterReader } from '../clusters/cluster-reader';
import { openClusterFindings } from '../cluster-findings';
import type { governanceReportSchema } from '../kubernetes-api.schemas';
import { graphEdgesView, graphNodesView } from '../kubernetes-read-views';
import { TenantMoney } from '@strata/tenancy-settings';

type Subject = { kind?: unknown; name?: unknown; namespace?: unknown };
const BINDING_TYPES = new Set(['kubernetes.rolebinding', 'kubernetes.clusterrolebinding']);
/** Bindings read per role at most (a role granted by more is shown with the first ones). */
const MAX_BINDINGS = 100;

/** `GET .../kubernetes/clusters/{cluster}/governance`: the governance report from the cluster's open findings. */
export class ClusterGovernance {
  constructor(
    private readonly readStore: ReadStore,
    private readonly clusters: ClusterReader,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async report(tenantId: string, cluster: string): Promise<z.infer<typeof governanceReportSchema>> {
    const { node } = await this.clusters.require(tenantId, cluster);
    const [findings, tenantMoney] = await Promise.all([openClusterFindings(this.readStore, tenantId, cluster), TenantMoney.of(this.readStore, tenantId)]);
    const { currency } = tenantMoney;
    const money = (usd: number) => tenantMoney.amount(usd);
    const rbacRules = new Set<string>(Object.values(RBAC_RULES));
    const subjects = await this.subjectsOf(tenantId, findings.filter((f) => rbacRules.has(f.rule_id)).map((f) => f.node_id));
    return {
      cluster,
      generated_at: this.clock().toISOString(),
      last_discovery: { job_id: node.last_seen_job, observed_at: node.last_seen },
      currency,
      ...buildGovernanceReport(findings, subjects, money),
    };
  }

  /** Who holds each binding or role: a binding's subjects; a role's, those of the active bindings that grant it. */
  private async subjectsOf(tenantId: string, nodeIds: readonly string[]): Promise<Map<string, RbacSubject[]>> {
    const nodes = this.readStore.collection(graphNodesView).forTenant(tenantId);
    const edges = this.readStore.collection(graphEdgesView).forTenant(tenantId);
    const flagged = await nodes.getMany([...new Set(nodeIds)]);
    const out = new Map<string, RbacSubject[]>();
    for (const [id, node] of flagged) {
      if (BINDING_TYPES.has(node.type)) {
        out.set(id, subjectsOfBinding(node.name, node.attributes['subjects']));
        continue;
      }
      const grants = await edges.find({ where: { to: id }, limit: MAX_BINDINGS * 4 });
      const bindingIds = grants.items.filter(({ doc }) => doc.type === 'grants' && doc.status === 'active').map(({ doc }) => doc.from).slice(0, MAX_BINDINGS);
      const bindings = await nodes.getMany(bindingIds);
      out.set(id, bindingIds.flatMap((bindingId) => {
        const binding = bindings.get(bindingId);
        return binding && binding.status === 'active' ? subjectsOfBinding(binding.name, binding.attributes['subjects']) : [];
      }));
    }
    return out;
  }
}

function subjectsOfBinding(binding: string, subjects: unknown): RbacSubject[] {
  if (!Array.isArray(subjects)) return [];
  return (subjects as Subject[]).flatMap((s) =>
    typeof s.kind === 'string' && typeof s.name === 'string' ? [{ kind: s.kind, name: s.name, ...(typeof s.namespace === 'string' ? { namespace: s.namespace } : {}), binding }] : [],
  );
}
