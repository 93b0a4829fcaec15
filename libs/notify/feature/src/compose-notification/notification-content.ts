import type { JobStats } from '@strata/contracts';
import { NOTIFICATION_SEVERITIES, type NotificationSeverity } from '../notification-model/notification-severity';

/** What a job's end says: the facts every channel's message is made from. */
export interface JobFacts {
  id: string;
  name: string;
  status: 'completed' | 'failed';
  plugins: readonly string[];
  /** From start to end; null when unknown (a job that failed before it started). */
  duration_seconds: number | null;
  stats: Omit<JobStats, 'duration_seconds'> | null;
  error: { code: string; message: string } | null;
  /** When it ended, ISO 8601. */
  ended_at: string;
  /** The open cost findings' monthly savings for the job's scopes, in `currency`; null when not audited. */
  estimated_monthly_savings: number | null;
  currency: string;
}

/** A finding the job opened, as a notification lists it. */
export interface FindingFacts {
  id: string;
  title: string;
  severity: NotificationSeverity;
  kind: string;
  resource: string;
  /** USD a month; null when unknown. */
  monthly_savings_usd: number | null;
}

/** The neutral content of one notification (also the webhook channel's `data`). */
export interface NotificationContent {
  tenant_id: string;
  job: JobFacts;
  new_findings: {
    /** Only findings at or above it are counted and listed. */
    min_severity: NotificationSeverity;
    total: number;
    by_severity: Record<NotificationSeverity, number>;
    /** The most severe first, at most {@link LISTED_FINDINGS}. */
    top: FindingFacts[];
  };
  /** The job in the API. */
  link: string;
}

export const LISTED_FINDINGS = 10;

const byRankThenTitle = (a: FindingFacts, b: FindingFacts): number =>
  NOTIFICATION_SEVERITIES.indexOf(a.severity) - NOTIFICATION_SEVERITIES.indexOf(b.severity) || (b.monthly_savings_usd ?? 0) - (a.monthly_savings_usd ?? 0) || (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id < b.id ? -1 : 1);

/** The content of a notification about `job`, listing `findings` (already filtered by the policy). */
export function notificationContent(input: { tenantId: string; job: JobFacts; findings: readonly FindingFacts[]; minSeverity: NotificationSeverity; publicUrl: string }): NotificationContent {
  const by_severity = Object.fromEntries(NOTIFICATION_SEVERITIES.map((severity) => [severity, 0])) as Record<NotificationSeverity, number>;
  for (const finding of input.findings) by_severity[finding.severity] += 1;
  return {
    tenant_id: input.tenantId,
    job: input.job,
    new_findings: { min_severity: input.minSeverity, total: input.findings.length, by_severity, top: [...input.findings].sort(byRankThenTitle).slice(0, LISTED_FINDINGS) },
    link: `${input.publicUrl.replace(/\/+$/, '')}/api/v1/tenants/${encodeURIComponent(input.tenantId)}/jobs/${encodeURIComponent(input.job.id)}`,
  };
}

/** `3725` → `1h 2m 5s`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'unknown';
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

/** `1234.5, 'EUR'` → `EUR 1,234.50`. */
export function formatMoney(amount: number | null, currency: string): string {
  if (amount === null) return 'not estimated';
  return `${currency} ${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** One line per severity that has findings: `critical 1, high 2`; `none` when there are none. */
export function severityLine(content: NotificationContent): string {
  const parts = NOTIFICATION_SEVERITIES.filter((severity) => content.new_findings.by_severity[severity] > 0).map((severity) => `${severity} ${content.new_findings.by_severity[severity]}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** The one-line summary subjects and Slack's fallback text use. */
export function headline(content: NotificationContent): string {
  const { job } = content;
  if (job.status === 'failed') return `Strata job "${job.name}" failed: ${job.error?.code ?? 'error'}`;
  const found = content.new_findings.total;
  return `Strata job "${job.name}" completed: ${found} new finding${found === 1 ? '' : 's'}${found > 0 ? ` (${severityLine(content)})` : ''}, ${formatMoney(job.estimated_monthly_savings, job.currency)} monthly savings`;
}
