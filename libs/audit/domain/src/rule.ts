import type { ResourceNode } from '@strata/contracts';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type RuleKind = 'compliance' | 'cost';

/** A framework control a rule evidences, e.g. `{ framework: 'CIS AWS 3.0', control: '2.1.4' }`. */
export interface FrameworkMapping {
  framework: string;
  control: string;
}

export interface AuditRule {
  id: string;
  kind: RuleKind;
  title: string;
  severity: Severity;
  /** Matched against the `<service>.<kind>` end of a node type, so `aws.` and `demo.` share rules. */
  resourceTypes: readonly string[];
  frameworks: readonly FrameworkMapping[];
  remediation: string;
  /** Undefined when the node complies; otherwise why it does not (and, for cost, what it wastes). */
  check(node: ResourceNode): Violation | undefined;
}

export interface Violation {
  reason: string;
  monthlySavingsUsd?: number;
}

/** A rule violated by a node. Its id is stable, so the same problem is the same finding across runs. */
export interface FindingCandidate {
  id: string;
  ruleId: string;
  nodeId: string;
  kind: RuleKind;
  severity: Severity;
  title: string;
  reason: string;
  monthlySavingsUsd?: number;
}

export const findingId = (ruleId: string, nodeId: string): string => `${ruleId}:${nodeId}`;

export function appliesTo(rule: AuditRule, type: string): boolean {
  return rule.resourceTypes.some((suffix) => type === suffix || type.endsWith(`.${suffix}`));
}
