import { SEVERITY_RANK, type Severity } from '../rules/rule-document';
import type { Framework, FrameworkControlMap } from './framework';

/** A rule as posture sees it: whether it runs, what it looks at, what it evidences. */
export interface PostureRule {
  id: string;
  enabled: boolean;
  resourceTypes: readonly string[];
  frameworks: FrameworkControlMap;
}

/** An open, unmuted finding of a rule (muted findings are left out by the caller: they leave posture). */
export interface PostureFinding {
  id: string;
  severity: Severity;
  nodeId: string;
  account?: string;
}

/** What one rule saw in the scope. */
export interface RuleEvidence {
  /** Resources of the rule's types present in the scope (so, in the account when posture is per account). */
  evaluatedResources: number;
  openFindings: readonly PostureFinding[];
}

export interface PostureOptions {
  /** Posture of one account: only findings of this account count (the caller passes evidence for it). */
  account?: string;
  /** How many finding ids a failing control lists (default 10). */
  findingIdsPerControl?: number;
}

export type ControlStatus = 'passing' | 'failing' | 'not_evaluated';

export interface ControlPosture {
  id: string;
  section: string;
  title: string;
  status: ControlStatus;
  /** The enabled rules mapped to the control. */
  rules: string[];
  open_findings: number;
  /** The first open findings' ids, most severe first; present when there are any. */
  findings?: string[];
  /** Resources of the rules' types in the scope; rules on the same set of types count it once. */
  resources_evaluated: number;
}

export interface Posture {
  framework: { id: string; name: string; version: string };
  account?: string;
  /** passing / (passing + failing) × 100, one decimal; null when no control was evaluated. */
  score_percent: number | null;
  controls_total: number;
  passing: number;
  failing: number;
  not_evaluated: number;
  controls: ControlPosture[];
}

const NO_EVIDENCE: RuleEvidence = { evaluatedResources: 0, openFindings: [] };

/**
 * A framework's posture from the rules mapped to its controls and what they found. A control is
 * failing when an enabled mapped rule has an open finding, passing when none has and at least one
 * evaluated a resource, and not evaluated otherwise (no enabled rule, or nothing of its types).
 */
export function computePosture(
  framework: Pick<Framework, 'id' | 'name' | 'version' | 'controls'>,
  rules: readonly PostureRule[],
  evidence: Readonly<Record<string, RuleEvidence>>,
  options: PostureOptions = {},
): Posture {
  const limit = options.findingIdsPerControl ?? 10;
  const rulesByControl = new Map<string, PostureRule[]>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const control of new Set(rule.frameworks[framework.id] ?? [])) {
      const mapped = rulesByControl.get(control) ?? [];
      mapped.push(rule);
      rulesByControl.set(control, mapped);
    }
  }
  const counted = (finding: PostureFinding) => options.account === undefined || finding.account === options.account;

  const controls = framework.controls.map(({ id, section, title }): ControlPosture => {
    const mapped = rulesByControl.get(id) ?? [];
    const findings = new Map<string, PostureFinding>();
    const resourcesByTypes = new Map<string, number>();
    for (const rule of mapped) {
      const seen = Object.hasOwn(evidence, rule.id) ? evidence[rule.id]! : NO_EVIDENCE;
      for (const finding of seen.openFindings) if (counted(finding)) findings.set(finding.id, finding);
      const types = [...new Set(rule.resourceTypes)].sort().join('\n');
      resourcesByTypes.set(types, Math.max(resourcesByTypes.get(types) ?? 0, seen.evaluatedResources));
    }
    const resources = [...resourcesByTypes.values()].reduce((sum, count) => sum + count, 0);
    const status: ControlStatus = findings.size > 0 ? 'failing' : resources > 0 ? 'passing' : 'not_evaluated';
    const control: ControlPosture = {
      id,
      section,
      title,
      status,
      rules: mapped.map((rule) => rule.id),
      open_findings: findings.size,
      resources_evaluated: resources,
    };
    if (findings.size > 0) {
      control.findings = [...findings.values()]
        .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit)
        .map((finding) => finding.id);
    }
    return control;
  });

  const count = (status: ControlStatus) => controls.filter((control) => control.status === status).length;
  const passing = count('passing');
  const failing = count('failing');
  return {
    framework: { id: framework.id, name: framework.name, version: framework.version },
    ...(options.account === undefined ? {} : { account: options.account }),
    score_percent: passing + failing === 0 ? null : Math.round((passing / (passing + failing)) * 1000) / 10,
    controls_total: controls.length,
    passing,
    failing,
    not_evaluated: count('not_evaluated'),
    controls,
  };
}
