import { Inject, Injectable } from '@nestjs/common';
import {
  CREDENTIAL_CATALOG,
  JOB_CREATOR,
  PLUGIN_CATALOG,
  type ConfigIssue,
  type CreatedJob,
  type CreateScheduleRequest,
  type CredentialCatalog,
  type JobCreator,
  type PatchScheduleRequest,
  type PluginCatalog,
} from '@strata/contracts';
import { RequestValidationError } from '@strata/platform-http';
import type { EventStore } from '@strata/platform-event-store';
import type { ReadStore } from '@strata/platform-read-store';
import { EVENT_STORE, READ_STORE } from '@strata/platform-runtime';
import {
  InvalidScheduleError,
  jobTemplateFromRequest,
  runNowIdempotencyKey,
  ScheduleDisabledError,
  ScheduleNotFoundError,
  scheduleTimingFromRequest,
  type ScheduleView,
} from '@strata/scheduler-domain';
import { jobTemplateIssues } from '../schedule-store/job-template-check';
import { newScheduleId, ScheduleCommandHandler } from '../schedule-store/schedule-command-handler';
import { jobRequestOf } from '../schedule-store/schedule-job-request';
import { ScheduleReader, type SchedulePage } from '../schedule-store/schedule-reader';
import type { ListSchedulesQuery } from './schedule-schemas';

/**
 * The schedules API's use cases, in the gateway: the edge checks (the job template against the
 * plugin catalog and the tenant's credentials), then the schedule's stream and read model. Each
 * refusal is a 400 before anything is written.
 */
@Injectable()
export class SchedulesApi {
  private readonly handler: ScheduleCommandHandler;
  private readonly reader: ScheduleReader;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) readStore: ReadStore,
    @Inject(PLUGIN_CATALOG) private readonly plugins: PluginCatalog,
    @Inject(CREDENTIAL_CATALOG) private readonly credentials: CredentialCatalog,
    @Inject(JOB_CREATOR) private readonly jobs: JobCreator,
  ) {
    this.handler = new ScheduleCommandHandler(events, readStore);
    this.reader = new ScheduleReader(readStore);
  }

  async create(tenantId: string, request: CreateScheduleRequest): Promise<ScheduleView> {
    await this.checkTemplate(tenantId, request.job_template);
    const timing = scheduleTimingFromRequest(request);
    if (!timing) throw invalid([{ path: '', message: 'a schedule needs a timing' }]);
    const scheduleId = newScheduleId();
    const view = await this.refusingInvalid(() =>
      this.handler.execute(tenantId, scheduleId, (now) => ({
        type: 'CreateSchedule',
        scheduleId,
        tenantId,
        ...(request.name === undefined ? {} : { name: request.name }),
        ...(request.enabled === undefined ? {} : { enabled: request.enabled }),
        timing,
        jobTemplate: jobTemplateFromRequest(request.job_template),
        now,
      })),
    );
    return view!;
  }

  async update(tenantId: string, scheduleId: string, request: PatchScheduleRequest): Promise<ScheduleView> {
    // Another tenant's or an unknown schedule is a 404 before its template is looked at.
    await this.reader.get(tenantId, scheduleId);
    if (request.job_template) await this.checkTemplate(tenantId, request.job_template);
    const timing = scheduleTimingFromRequest(request);
    const view = await this.refusingInvalid(() =>
      this.handler.execute(tenantId, scheduleId, (now) => ({
        type: 'UpdateSchedule',
        ...(request.name === undefined ? {} : { name: request.name }),
        ...(request.enabled === undefined ? {} : { enabled: request.enabled }),
        ...(timing === undefined ? {} : { timing }),
        ...(request.job_template === undefined ? {} : { jobTemplate: jobTemplateFromRequest(request.job_template) }),
        now,
      })),
    );
    return view!;
  }

  async delete(tenantId: string, scheduleId: string): Promise<void> {
    await this.handler.execute(tenantId, scheduleId, (now) => ({ type: 'DeleteSchedule', now }));
  }

  /**
   * Creates the schedule's job now (Idempotency-Key `schedule:<id>:run-now:<time>`), waits until a
   * GET finds it as creating a job does, then records `RunNow` (the cadence stays). A disabled
   * schedule is refused before any job is made (`schedule_disabled`, 409); a template that no
   * longer makes a valid job is the create-job request's 400, nothing written.
   */
  async runNow(tenantId: string, scheduleId: string): Promise<CreatedJob['job']> {
    const state = await this.handler.load(scheduleId);
    if (state.kind !== 'schedule' || state.tenantId !== tenantId) throw new ScheduleNotFoundError(`tenant ${tenantId} has no schedule ${scheduleId}`);
    if (!state.enabled) throw new ScheduleDisabledError(state.disabledReason);
    // The time of the key is the time recorded: the RunNow event names the key its job was made with.
    const now = new Date().toISOString();
    const { job } = await this.jobs.create(tenantId, jobRequestOf(state.jobTemplate), { idempotencyKey: runNowIdempotencyKey(scheduleId, now) });
    await this.handler.execute(tenantId, scheduleId, () => ({ type: 'RunNow', jobId: job.id, now }));
    return job;
  }

  get(tenantId: string, scheduleId: string): Promise<ScheduleView> {
    return this.reader.get(tenantId, scheduleId);
  }

  list(tenantId: string, query: ListSchedulesQuery): Promise<SchedulePage> {
    return this.reader.list(tenantId, query);
  }

  private async checkTemplate(tenantId: string, template: CreateScheduleRequest['job_template']): Promise<void> {
    const issues = await jobTemplateIssues(tenantId, template, this.plugins, this.credentials);
    if (issues.length > 0) throw invalid(issues);
  }

  /** What the decider refuses that the schema let through (a time zone, a cron) is the same 400 envelope. */
  private async refusingInvalid<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof InvalidScheduleError) throw invalid([{ path: '', message: error.message }]);
      throw error;
    }
  }
}

function invalid(issues: readonly ConfigIssue[]): RequestValidationError {
  return new RequestValidationError('The schedule request is not valid', issues);
}
