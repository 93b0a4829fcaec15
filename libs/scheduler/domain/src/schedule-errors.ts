import { DomainError } from '@strata/shared-domain';

export class ScheduleNotFoundError extends DomainError {
  constructor(message = 'schedule not found') {
    super('schedule_not_found', message);
  }
}

export class ScheduleAlreadyExistsError extends DomainError {
  constructor(scheduleId: string) {
    super('schedule_exists', `schedule ${scheduleId} already exists`);
  }
}

/** A timing or template the API's validation should have refused (a 400). */
export class InvalidScheduleError extends DomainError {
  constructor(message: string) {
    super('invalid_schedule', message);
  }
}

/** A firing recorded for a due time already fired (or failed): each due time fires once. */
export class ScheduleAlreadyFiredError extends DomainError {
  constructor(dueAt: string) {
    super('schedule_already_fired', `the schedule already fired for ${dueAt}`);
  }
}

/** A firing recorded for a time that is not due: in the future, or before the next run. */
export class ScheduleNotDueError extends DomainError {
  constructor(dueAt: string, reason: string) {
    super('schedule_not_due', `the schedule is not due at ${dueAt}: ${reason}`);
  }
}

/** A disabled schedule never fires, not even by hand. */
export class ScheduleDisabledError extends DomainError {
  constructor(reason?: string) {
    super('schedule_disabled', reason ? `the schedule is disabled: ${reason}` : 'the schedule is disabled');
  }
}
