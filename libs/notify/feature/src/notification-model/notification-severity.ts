/**
 * The audit's severities, highest first, and their ranks, as `@strata/audit-domain` defines them
 * (`SEVERITIES`, `SEVERITY_RANK`). Repeated here because the notify context may not import the
 * audit's libs; `libs/gateway/feature/src/notifications-api.int.spec.ts` (which may import both)
 * fails when the two lists part.
 */
export const NOTIFICATION_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type NotificationSeverity = (typeof NOTIFICATION_SEVERITIES)[number];

export const NOTIFICATION_SEVERITY_RANK: Readonly<Record<NotificationSeverity, number>> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** Whether `severity` is `min` or above it. An unknown severity never is. */
export function reachesSeverity(severity: string, min: NotificationSeverity): boolean {
  const rank = (NOTIFICATION_SEVERITY_RANK as Record<string, number>)[severity];
  return rank !== undefined && rank >= NOTIFICATION_SEVERITY_RANK[min];
}
