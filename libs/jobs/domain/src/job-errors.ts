import { DomainError } from '@strata/shared-domain';

export class JobNotFoundError extends DomainError {
  constructor(message = 'job not found') {
    super('job_not_found', message);
  }

  /** What the API answers for a job id the tenant does not have (whether or not another tenant does). */
  static inTenant(tenantId: string, jobId: string): JobNotFoundError {
    return new JobNotFoundError(`tenant ${tenantId} has no job ${jobId}`);
  }
}

export class JobAlreadyExistsError extends DomainError {
  constructor(jobId: string) {
    super('job_exists', `job ${jobId} already exists`);
  }
}

/** Cancelling (or otherwise changing) a job that already ended. The API answers 409. */
export class JobAlreadyTerminalError extends DomainError {
  constructor(status: string) {
    super('job_terminal', `job is already ${status}`);
  }
}

export class UnknownPluginRunError extends DomainError {
  constructor(plugin: string) {
    super('unknown_plugin_run', `plugin "${plugin}" is not part of this job`);
  }
}

export class InvalidJobError extends DomainError {
  constructor(message: string) {
    super('invalid_job', message);
  }
}
