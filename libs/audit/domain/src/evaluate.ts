import type { ResourceNode } from '@strata/contracts';
import { appliesTo, findingId, type AuditRule, type FindingCandidate } from './rule';

/** Every rule of the pack that a node violates. */
export function evaluateNode(rules: readonly AuditRule[], node: ResourceNode): FindingCandidate[] {
  const found: FindingCandidate[] = [];
  for (const rule of rules) {
    if (!appliesTo(rule, node.type)) continue;
    const violation = rule.check(node);
    if (!violation) continue;
    found.push({
      id: findingId(rule.id, node.id),
      ruleId: rule.id,
      nodeId: node.id,
      kind: rule.kind,
      severity: rule.severity,
      title: rule.title,
      reason: violation.reason,
      ...(violation.monthlySavingsUsd !== undefined ? { monthlySavingsUsd: violation.monthlySavingsUsd } : {}),
    });
  }
  return found;
}

export interface FindingChanges {
  /** Violations that had no open finding: open them. */
  created: string[];
  /** Open findings no longer violated (fixed, or the resource is gone): resolve them. */
  resolved: string[];
}

/** Compares the open findings of a scope with what the latest evaluation found there. */
export function diffFindings(openBefore: Iterable<string>, violatedNow: Iterable<string>): FindingChanges {
  const before = new Set(openBefore);
  const now = new Set(violatedNow);
  return {
    created: [...now].filter((id) => !before.has(id)),
    resolved: [...before].filter((id) => !now.has(id)),
  };
}
