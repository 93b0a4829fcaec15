import type { CreateScheduleRequest, PatchScheduleRequest, ScheduleJobTemplate } from '@strata/contracts';
import type { ScheduleTiming } from './schedule-commands';

type TimingFields = Pick<PatchScheduleRequest, 'run_at' | 'interval_minutes' | 'cron' | 'timezone' | 'frequency' | 'time' | 'day'>;

/** The timing of a validated create or patch body (undefined: a patch that leaves it alone). */
export function scheduleTimingFromRequest(body: TimingFields): ScheduleTiming | undefined {
  const timezone = body.timezone === undefined ? {} : { timezone: body.timezone };
  if (body.run_at !== undefined) return { kind: 'once', runAt: body.run_at };
  if (body.interval_minutes !== undefined) return { kind: 'interval', intervalMinutes: body.interval_minutes };
  if (body.cron !== undefined) return { kind: 'cron', cron: body.cron, ...timezone };
  if (body.frequency !== undefined) {
    return {
      kind: 'frequency',
      frequency: body.frequency,
      ...(body.time === undefined ? {} : { time: body.time }),
      ...(body.day === undefined ? {} : { day: body.day }),
      ...timezone,
    };
  }
  return undefined;
}

/** The job template of a validated request, in the events' terms. */
export function jobTemplateFromRequest(template: CreateScheduleRequest['job_template']): ScheduleJobTemplate {
  return {
    name: template.name,
    plugins: template.plugins,
    credentialId: template.credential_id,
    ...(template.config === undefined ? {} : { config: template.config }),
  };
}
