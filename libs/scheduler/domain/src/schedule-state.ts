import type { ScheduleFiringError, ScheduleJobTemplate, ScheduleSpec } from '@strata/contracts';

export interface ExistingSchedule {
  kind: 'schedule';
  scheduleId: string;
  tenantId: string;
  name: string;
  enabled: boolean;
  spec: ScheduleSpec;
  jobTemplate: ScheduleJobTemplate;
  /** The next due time not fired yet; null when disabled or when a one-off has fired. */
  nextRunAt: string | null;
  /** The last due time settled (fired, or failed): no due time at or before it fires again. */
  lastDueAt?: string;
  /** The job of the last scheduled firing, to know a redelivered RecordFiring. */
  lastDueJobId?: string;
  lastRunAt?: string;
  lastJobId?: string;
  lastError?: ScheduleFiringError;
  /** Failed firings since the last one that succeeded. */
  consecutiveFailures: number;
  disabledReason?: string;
}

/** Before `ScheduleCreated` there is no schedule; after `ScheduleDeleted` none either. */
export type ScheduleState = { kind: 'none' } | { kind: 'deleted'; scheduleId: string } | ExistingSchedule;
