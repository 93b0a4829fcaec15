import type { TriggerMode } from '../notification-model/notification-collections';
import { reachesSeverity, type NotificationSeverity } from '../notification-model/notification-severity';

export interface NotificationPolicy {
  notification_trigger_mode: TriggerMode;
  min_severity: NotificationSeverity;
}

/** No policy saved: every ended job, every new finding. */
export const DEFAULT_POLICY: NotificationPolicy = { notification_trigger_mode: 'scan_complete', min_severity: 'info' };

/** A finding the job opened (`opened_in_job` is the job), as the decision needs it. */
export interface NewFinding {
  severity: string;
  kind: string;
  status: string;
  /** USD a month; null when unknown. */
  monthly_savings_usd: number | null;
}

export type NotificationDecision<F> = { send: true; findings: F[] } | { send: false; reason: string; findings: F[] };

/**
 * Whether a job's end is notified, and which of its new findings the notification lists.
 *
 * Listed: the findings the job opened that are not muted and reach `min_severity`.
 * - `scan_complete`: every completed job and every failed job is notified (a failed scan is news
 *   too), whatever it found.
 * - `waste_only`: only a completed job that found waste: at least one listed finding is a cost
 *   finding whose savings are positive or not known. A failed job found nothing, and a job whose
 *   only waste is muted, below the minimum severity, or was already open before it, is not notified.
 */
export function decideNotification<F extends NewFinding>(policy: NotificationPolicy, outcome: 'completed' | 'failed', newFindings: readonly F[]): NotificationDecision<F> {
  const findings = newFindings.filter((finding) => finding.status !== 'muted' && reachesSeverity(finding.severity, policy.min_severity));
  if (policy.notification_trigger_mode === 'scan_complete') return { send: true, findings };
  if (outcome !== 'completed') return { send: false, reason: 'waste_only: the job failed', findings };
  const waste = findings.some((finding) => finding.kind === 'cost' && (finding.monthly_savings_usd === null || finding.monthly_savings_usd > 0));
  return waste ? { send: true, findings } : { send: false, reason: `waste_only: no new unmuted cost finding at ${policy.min_severity} or above with savings`, findings };
}
