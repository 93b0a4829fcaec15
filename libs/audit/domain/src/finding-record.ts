import type { ResourceNode } from '@strata/contracts';
import { diffFindings, evaluateNode } from './evaluate';
import type { AuditRule, FindingCandidate, FrameworkMapping, RuleKind, Severity } from './rule';

/**
 * A finding as the audit engine keeps it, per (tenant, `${ruleId}:${nodeId}`). The `*_in_job`
 * fields make `findings_created` and `findings_resolved` counts, so evaluating a job twice
 * never counts anything twice.
 */
export interface FindingRecord {
  rule_id: string;
  node_id: string;
  node_type: string;
  scope: string;
  kind: RuleKind;
  severity: Severity;
  title: string;
  reason: string;
  monthly_savings_usd: number | null;
  frameworks: FrameworkMapping[];
  status: 'open' | 'resolved';
  first_seen: string;
  last_seen: string;
  resolved_at: string | null;
  /** The job that last opened (or re-opened) the finding. */
  opened_in_job: string;
  resolved_in_job: string | null;
}

/** A node to audit: `present` is false for a node the job removed (its findings all resolve). */
export interface AuditSubject {
  node: ResourceNode;
  scope: string;
  present: boolean;
}

export interface AuditContext {
  jobId: string;
  now: string;
}

export interface FindingWrite {
  id: string;
  record: FindingRecord;
}

/** Opens a finding, re-opens a resolved one (a new occurrence, opened in this job), or refreshes an open one. */
export function openFinding(
  existing: FindingRecord | undefined,
  candidate: FindingCandidate,
  rule: AuditRule,
  subject: AuditSubject,
  { jobId, now }: AuditContext,
): FindingRecord {
  const stillOpen = existing?.status === 'open';
  return {
    rule_id: candidate.ruleId,
    node_id: candidate.nodeId,
    node_type: subject.node.type,
    scope: subject.scope,
    kind: candidate.kind,
    severity: candidate.severity,
    title: candidate.title,
    reason: candidate.reason,
    monthly_savings_usd: candidate.monthlySavingsUsd ?? null,
    frameworks: rule.frameworks.map(({ framework, control }) => ({ framework, control })),
    status: 'open',
    first_seen: existing?.first_seen ?? now,
    last_seen: now,
    resolved_at: null,
    opened_in_job: stillOpen ? existing.opened_in_job : jobId,
    resolved_in_job: null,
  };
}

export function resolveFinding(existing: FindingRecord, { jobId, now }: AuditContext): FindingRecord {
  return { ...existing, status: 'resolved', resolved_at: now, resolved_in_job: jobId };
}

/**
 * What auditing `subjects` writes: violations are opened (or kept open), and open findings of
 * these nodes that are no longer violated are resolved, including every open finding of a node
 * that is gone and of a rule the pack no longer has. `known` holds the stored findings of these
 * nodes: at least the open ones and those with the ids of current violations.
 */
export function planFindingChanges(
  rules: readonly AuditRule[],
  subjects: readonly AuditSubject[],
  known: ReadonlyMap<string, FindingRecord>,
  context: AuditContext,
): FindingWrite[] {
  const rulesById = new Map(rules.map((rule) => [rule.id, rule]));
  const nodeIds = new Set(subjects.map((subject) => subject.node.id));
  const violations = new Map<string, { candidate: FindingCandidate; subject: AuditSubject }>();
  for (const subject of subjects) {
    if (!subject.present) continue;
    for (const candidate of evaluateNode(rules, subject.node)) violations.set(candidate.id, { candidate, subject });
  }
  const openBefore = [...known].filter(([, record]) => record.status === 'open' && nodeIds.has(record.node_id)).map(([id]) => id);
  const { resolved } = diffFindings(openBefore, violations.keys());

  const writes: FindingWrite[] = [];
  for (const [id, { candidate, subject }] of violations) {
    const rule = rulesById.get(candidate.ruleId);
    if (rule) writes.push({ id, record: openFinding(known.get(id), candidate, rule, subject, context) });
  }
  for (const id of resolved) {
    const existing = known.get(id);
    if (existing) writes.push({ id, record: resolveFinding(existing, context) });
  }
  return writes;
}
