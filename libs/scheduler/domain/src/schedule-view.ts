import type { ScheduleEvent, ScheduleFiringError, ScheduleJobTemplate, ScheduleSpec } from '@strata/contracts';
import { assertNever } from '@strata/shared-domain';

/**
 * The schedule read model: what `GET /schedules/{id}` and the list serve, kept up to date by
 * folding the schedule's events. Field names are the public API's. The timing shows in the field
 * of its kind (`run_at`, `interval_minutes`, or `cron` + `timezone`), the others null; a
 * schedule created in seed 000's form also shows `frequency`, `time` and `day` back.
 */
export interface ScheduleView {
  id: string;
  tenant_id: string;
  type: 'discovery';
  name: string;
  enabled: boolean;
  run_at: string | null;
  interval_minutes: number | null;
  cron: string | null;
  timezone: string | null;
  frequency?: 'hourly' | 'daily' | 'weekly';
  time?: string;
  day?: string;
  /** Null while disabled, and for a one-off that has fired. */
  next_run_at: string | null;
  last_run_at: string | null;
  last_job_id: string | null;
  /** The error of the last firing; null once one succeeds. */
  last_error: ScheduleFiringError | null;
  /** Failed firings in a row; at 5 the schedule disables itself. */
  consecutive_failures: number;
  /** Why it disabled itself (null when enabled, or disabled by hand). */
  disabled_reason: string | null;
  job_template: { name: string; plugins: readonly string[]; credential_id: string; config?: Readonly<Record<string, unknown>> };
  created_at: string;
  updated_at: string;
}

function timingFields(spec: ScheduleSpec): Pick<ScheduleView, 'run_at' | 'interval_minutes' | 'cron' | 'timezone' | 'frequency' | 'time' | 'day'> {
  const none = { run_at: null, interval_minutes: null, cron: null, timezone: null };
  switch (spec.kind) {
    case 'once':
      return { ...none, run_at: spec.runAt };
    case 'interval':
      return { ...none, interval_minutes: spec.intervalMinutes };
    case 'cron':
      return { ...none, cron: spec.cron, timezone: spec.timezone, ...(spec.seed ?? {}) };
    default:
      return assertNever(spec);
  }
}

function templateFields(template: ScheduleJobTemplate): ScheduleView['job_template'] {
  return {
    name: template.name,
    plugins: template.plugins,
    credential_id: template.credentialId,
    ...(template.config === undefined ? {} : { config: template.config }),
  };
}

/** Folds one schedule event into the view (undefined before `ScheduleCreated` and after `ScheduleDeleted`). */
export function evolveScheduleView(view: ScheduleView | undefined, event: ScheduleEvent): ScheduleView | undefined {
  if (event.type === 'ScheduleCreated') {
    const { data } = event;
    return {
      id: data.scheduleId,
      tenant_id: data.tenantId,
      type: 'discovery',
      name: data.name,
      enabled: data.enabled,
      ...timingFields(data.spec),
      next_run_at: data.nextRunAt,
      last_run_at: null,
      last_job_id: null,
      last_error: null,
      consecutive_failures: 0,
      disabled_reason: null,
      job_template: templateFields(data.jobTemplate),
      created_at: data.createdAt,
      updated_at: data.createdAt,
    };
  }
  if (view === undefined) return undefined;
  switch (event.type) {
    case 'ScheduleUpdated': {
      const { changes, nextRunAt, updatedAt } = event.data;
      let next: ScheduleView = { ...view, next_run_at: nextRunAt, updated_at: updatedAt };
      if (changes.name !== undefined) next.name = changes.name;
      if (changes.jobTemplate !== undefined) next.job_template = templateFields(changes.jobTemplate);
      if (changes.spec !== undefined) {
        const { frequency: _f, time: _t, day: _d, ...rest } = next;
        next = { ...rest, ...timingFields(changes.spec) };
      }
      if (changes.enabled !== undefined) {
        next.enabled = changes.enabled;
        next.disabled_reason = null;
        if (changes.enabled) next.consecutive_failures = 0;
      }
      return next;
    }
    case 'ScheduleDeleted':
      return undefined;
    case 'ScheduleFired': {
      const { jobId, firedAt, nextRunAt } = event.data;
      return { ...view, last_run_at: firedAt, last_job_id: jobId, last_error: null, consecutive_failures: 0, next_run_at: nextRunAt, updated_at: firedAt };
    }
    case 'ScheduleFiringFailed': {
      const { error, consecutiveFailures, failedAt, nextRunAt } = event.data;
      return { ...view, last_error: error, consecutive_failures: consecutiveFailures, next_run_at: nextRunAt, updated_at: failedAt };
    }
    case 'ScheduleDisabled':
      return { ...view, enabled: false, next_run_at: null, disabled_reason: event.data.reason, updated_at: event.data.disabledAt };
    default:
      return assertNever(event);
  }
}
