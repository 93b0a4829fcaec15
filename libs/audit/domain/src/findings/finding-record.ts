import type { CompiledRule, RuleOutcome } from '../rules/compile-rule';
import { SEVERITY_RANK, type FrameworkMapping, type RuleKind, type Severity } from '../rules/rule-document';
import type { RuleNode } from '../rules/rule-node';
import type { ActiveMute } from './mutes';

export type FindingStatus = 'open' | 'resolved' | 'muted';
export type FindingEventKind = 'opened' | 'reopened' | 'resolved' | 'muted' | 'unmuted';

/** One step of a finding's life, newest last; the last {@link MAX_FINDING_HISTORY} are kept. */
export interface FindingHistoryEntry {
  event: FindingEventKind;
  at: string;
  /** The job whose audit made the change; null for a change made through the API (a mute). */
  job_id: string | null;
  reason?: string;
  by?: string | null;
}

export const MAX_FINDING_HISTORY = 50;

/**
 * A finding as the audit engine keeps it, per (tenant, `${ruleId}:${nodeId}`): the same problem
 * on the same resource is the same finding across runs. `status` is `open` while violated,
 * `muted` while violated under a mute, `resolved` once no longer violated (or the resource or the
 * rule is gone). `opened_in_job` / `resolved_in_job` make a job's `findings_created` and
 * `findings_resolved` counts, so auditing a job twice never counts anything twice.
 */
export interface FindingRecord {
  rule_id: string;
  node_id: string;
  node_type: string;
  node_name: string;
  account: string | null;
  region: string | null;
  scope: string;
  kind: RuleKind;
  severity: Severity;
  /** {@link SEVERITY_RANK} of `severity`: lists sort by it. */
  severity_rank: number;
  title: string;
  reason: string;
  /** USD a month the fix saves (cost rules), from the price table; null when unknown. */
  monthly_savings_usd: number | null;
  /** Why the savings are unknown, or that they were priced with another region's prices. */
  savings_note: string | null;
  frameworks: FrameworkMapping[];
  status: FindingStatus;
  mute: ActiveMute | null;
  first_seen: string;
  /** When it last opened (or re-opened). */
  opened_at: string;
  updated_at: string;
  resolved_at: string | null;
  /** The job that last opened (or re-opened) the finding. */
  opened_in_job: string;
  resolved_in_job: string | null;
  history: FindingHistoryEntry[];
}

export const isViolated = (record: Pick<FindingRecord, 'status'>): boolean => record.status !== 'resolved';

/** A node to audit: `present` is false for a node the job removed (its findings all resolve). */
export interface AuditSubject {
  node: RuleNode;
  scope: string;
  present: boolean;
}

export interface AuditContext {
  /** The job whose audit this is; null for a re-audit the API caused (a rule or mute change). */
  jobId: string | null;
  now: string;
}

/** A finding's change of state, for the `Finding*` events. */
export interface FindingTransition {
  findingId: string;
  event: FindingEventKind;
}

export interface FindingWrite {
  id: string;
  record: FindingRecord;
  transitions: FindingTransition[];
}

export const findingId = (ruleId: string, nodeId: string): string => `${ruleId}:${nodeId}`;

const appendHistory = (history: readonly FindingHistoryEntry[], ...entries: FindingHistoryEntry[]): FindingHistoryEntry[] =>
  [...history, ...entries].slice(-MAX_FINDING_HISTORY);

function savingsNote(outcome: Extract<RuleOutcome, { kind: 'violated' }>): string | null {
  if (outcome.savingsError) return `savings unknown: ${outcome.savingsError}`;
  if (outcome.approximateSavings) return "priced with us-east-1's prices: the price table has none for this region";
  return null;
}

/**
 * The record of a violation now found: opened, re-opened (a resolved one back), or kept open
 * with its content refreshed; muted or unmuted as `mute` says. Undefined when nothing changed,
 * so an unchanged finding costs no write.
 */
export function violationRecord(
  existing: FindingRecord | undefined,
  rule: CompiledRule,
  subject: AuditSubject,
  outcome: Extract<RuleOutcome, { kind: 'violated' }>,
  mute: ActiveMute | null,
  { jobId, now }: AuditContext,
): FindingWrite | undefined {
  const id = findingId(rule.id, subject.node.id);
  const status: FindingStatus = mute ? 'muted' : 'open';
  const wasViolated = existing !== undefined && isViolated(existing);
  const transitions: FindingTransition[] = [];
  const entries: FindingHistoryEntry[] = [];
  if (!wasViolated) {
    const event = existing ? 'reopened' : 'opened';
    transitions.push({ findingId: id, event });
    entries.push({ event, at: now, job_id: jobId });
    if (mute) {
      transitions.push({ findingId: id, event: 'muted' });
      entries.push({ event: 'muted', at: now, job_id: jobId, reason: mute.reason, by: mute.by });
    }
  } else if (existing.status !== status) {
    const event = mute ? 'muted' : 'unmuted';
    transitions.push({ findingId: id, event });
    entries.push({ event, at: now, job_id: jobId, ...(mute ? { reason: mute.reason, by: mute.by } : {}) });
  }
  const { node } = subject;
  const content = {
    rule_id: rule.id,
    node_id: node.id,
    node_type: node.type,
    node_name: node.name,
    account: node.account,
    region: node.region,
    scope: subject.scope,
    kind: rule.kind,
    severity: rule.severity,
    severity_rank: SEVERITY_RANK[rule.severity],
    title: rule.title,
    reason: outcome.reason,
    monthly_savings_usd: outcome.savingsUsd,
    savings_note: savingsNote(outcome),
    frameworks: rule.frameworks.map(({ framework, control }) => ({ framework, control })),
    status,
    mute,
  };
  if (wasViolated && entries.length === 0 && sameContent(existing, content)) return undefined;
  const record: FindingRecord = {
    ...content,
    first_seen: existing?.first_seen ?? now,
    opened_at: wasViolated ? existing.opened_at : now,
    updated_at: now,
    resolved_at: null,
    // A job's audit that re-opens a finding counts it; an API-caused re-audit keeps the job.
    opened_in_job: wasViolated ? existing.opened_in_job : (jobId ?? existing?.opened_in_job ?? ''),
    resolved_in_job: null,
    history: appendHistory(existing?.history ?? [], ...entries),
  };
  return { id, record, transitions };
}

/** The record of a violated finding that no longer is (fixed, the resource gone, or the rule). */
export function resolvedRecord(id: string, existing: FindingRecord, { jobId, now }: AuditContext): FindingWrite {
  return {
    id,
    record: {
      ...existing,
      status: 'resolved',
      mute: null,
      updated_at: now,
      resolved_at: now,
      resolved_in_job: jobId,
      history: appendHistory(existing.history, { event: 'resolved', at: now, job_id: jobId }),
    },
    transitions: [{ findingId: id, event: 'resolved' }],
  };
}

/** A violated finding whose mute started or ended without a new evaluation (a mute change). */
export function remutedRecord(id: string, existing: FindingRecord, mute: ActiveMute | null, { jobId, now }: AuditContext): FindingWrite | undefined {
  if (!isViolated(existing)) return undefined;
  const status: FindingStatus = mute ? 'muted' : 'open';
  if (status === existing.status && sameMute(existing.mute, mute)) return undefined;
  const entries: FindingHistoryEntry[] =
    status === existing.status ? [] : [{ event: mute ? 'muted' : 'unmuted', at: now, job_id: jobId, ...(mute ? { reason: mute.reason, by: mute.by } : {}) }];
  return {
    id,
    record: { ...existing, status, mute, updated_at: now, history: appendHistory(existing.history, ...entries) },
    transitions: entries.map(({ event }) => ({ findingId: id, event })),
  };
}

const sameMute = (a: ActiveMute | null, b: ActiveMute | null): boolean => JSON.stringify(a) === JSON.stringify(b);

function sameContent(existing: FindingRecord, content: Omit<FindingRecord, 'first_seen' | 'opened_at' | 'updated_at' | 'resolved_at' | 'opened_in_job' | 'resolved_in_job' | 'history'>): boolean {
  return (Object.keys(content) as (keyof typeof content)[]).every((key) => JSON.stringify(existing[key]) === JSON.stringify(content[key]));
}

