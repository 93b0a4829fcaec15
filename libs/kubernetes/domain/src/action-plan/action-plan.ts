import { resourceOf, roundCents, type ClusterFinding, type ResourceRef } from '../cluster-finding';
import { RIGHTSIZE_RULE, RIGHTSIZE_TEMPLATE, RISKS, STEP_TEMPLATES, type Risk } from './step-templates';
import { setResourcesCommands, targetRequests, type PodSizing } from './rightsize-steps';

export interface ActionStepResource {
  id: string;
  type: string;
  name: string;
}

export interface ActionStep {
  /** Stable across runs: `<rule id>:<resource or workload id>`. */
  id: string;
  rule_id: string;
  risk: Risk;
  action: string;
  risk_note: string;
  /** The findings' reasons, one per finding. */
  reason: string;
  resources: ActionStepResource[];
  finding_ids: string[];
  /** In the report's currency; null when no finding of the step has priced savings. */
  estimated_monthly_savings: number | null;
  /** Commands to run, in order (none when only a manifest change does it). */
  commands: string[];
  manifest_change: string | null;
}

export interface RiskGroup {
  risk: Risk;
  steps: ActionStep[];
  estimated_monthly_savings: number;
}

export interface ActionPlan {
  groups: Record<Risk, RiskGroup>;
  steps_total: number;
  estimated_monthly_savings: number;
  /** Open findings of the cluster no step covers (compliance checks the governance report shows). */
  findings_not_planned: number;
}

/** Converts USD to the report's currency (rounded to its minor unit). */
export type MoneyConverter = (usd: number) => number;

interface Draft extends Omit<ActionStep, 'estimated_monthly_savings'> {
  savings_usd: number | null;
}

const addSavings = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);
const resourceView = (r: ResourceRef): ActionStepResource => ({ id: r.id, type: r.type, name: r.name });

/**
 * The clean-up plan of a cluster from its open findings: a step per finding of a rule in
 * {@link STEP_TEMPLATES}, and per owning workload for the pods that request far more than they
 * use (`sizing` holds those pods' facts by node id; a pod without them, or without an owner, is
 * a manifest change). Steps are grouped by risk, most savings first.
 */
export function buildActionPlan(findings: readonly ClusterFinding[], sizing: ReadonlyMap<string, PodSizing>, money: MoneyConverter): ActionPlan {
  const drafts: Draft[] = [];
  const rightsizing = new Map<string, { owner: NonNullable<PodSizing['owner']>; findings: ClusterFinding[]; pods: PodSizing[] }>();
  let notPlanned = 0;
  for (const finding of findings) {
    const resource = resourceOf(finding);
    if (finding.rule_id === RIGHTSIZE_RULE) {
      const pod = sizing.get(finding.node_id);
      if (pod?.owner) {
        const entry = rightsizing.get(pod.owner.id) ?? { owner: pod.owner, findings: [], pods: [] };
        entry.findings.push(finding);
        entry.pods.push(pod);
        rightsizing.set(pod.owner.id, entry);
        continue;
      }
      drafts.push({
        ...base(finding, resource, RIGHTSIZE_TEMPLATE),
        commands: [],
        manifest_change: `The pod ${resource.name} has no owning workload: lower its containers' resources.requests in its manifest towards twice its use, then recreate it`,
      });
      continue;
    }
    const template = STEP_TEMPLATES[finding.rule_id];
    if (!template) {
      notPlanned++;
      continue;
    }
    drafts.push({
      ...base(finding, resource, template),
      commands: template.command ? [template.command(resource)] : [],
      manifest_change: template.manifest_change ? template.manifest_change(resource) : null,
    });
  }
  for (const { owner, findings: ownFindings, pods } of rightsizing.values()) {
    // Every replica must fit: the target follows the busiest pod.
    const busiest = pods.reduce((a, b) => ({ cpu_m: Math.max(a.cpu_m, b.usage.cpu_m), memory_bytes: Math.max(a.memory_bytes, b.usage.memory_bytes) }), { cpu_m: 0, memory_bytes: 0 });
    const sorted = [...ownFindings].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    drafts.push({
      id: `${RIGHTSIZE_RULE}:${owner.id}`,
      rule_id: RIGHTSIZE_RULE,
      risk: RIGHTSIZE_TEMPLATE.risk,
      action: RIGHTSIZE_TEMPLATE.action,
      risk_note: RIGHTSIZE_TEMPLATE.risk_note,
      reason: sorted.map((f) => f.reason).join('; '),
      resources: [{ id: owner.id, type: `kubernetes.${owner.kind}`, name: owner.name }, ...sorted.map((f) => resourceView(resourceOf(f)))],
      finding_ids: sorted.map((f) => f.id),
      savings_usd: sorted.reduce<number | null>((sum, f) => addSavings(sum, f.monthly_savings_usd), null),
      commands: setResourcesCommands(owner, targetRequests(pods[0]!.containers, busiest)),
      manifest_change: null,
    });
  }
  const groups = Object.fromEntries(RISKS.map((risk) => [risk, { risk, steps: [] as ActionStep[], estimated_monthly_savings: 0 }])) as Record<Risk, RiskGroup>;
  const usdByRisk = Object.fromEntries(RISKS.map((risk) => [risk, 0])) as Record<Risk, number>;
  drafts.sort((a, b) => (b.savings_usd ?? -1) - (a.savings_usd ?? -1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const { savings_usd, ...step } of drafts) {
    groups[step.risk].steps.push({ ...step, estimated_monthly_savings: savings_usd === null ? null : money(roundCents(savings_usd)) });
    usdByRisk[step.risk] += savings_usd ?? 0;
  }
  for (const risk of RISKS) groups[risk].estimated_monthly_savings = money(roundCents(usdByRisk[risk]));
  return {
    groups,
    steps_total: drafts.length,
    estimated_monthly_savings: money(roundCents(RISKS.reduce((sum, risk) => sum + usdByRisk[risk], 0))),
    findings_not_planned: notPlanned,
  };
}

function base(finding: ClusterFinding, resource: ResourceRef, template: { risk: Risk; action: string; risk_note: string }): Omit<Draft, 'commands' | 'manifest_change'> {
  return {
    id: `${finding.rule_id}:${finding.node_id}`,
    rule_id: finding.rule_id,
    risk: template.risk,
    action: template.action,
    risk_note: template.risk_note,
    reason: finding.reason,
    resources: [resourceView(resource)],
    finding_ids: [finding.id],
    savings_usd: finding.monthly_savings_usd,
  };
}
