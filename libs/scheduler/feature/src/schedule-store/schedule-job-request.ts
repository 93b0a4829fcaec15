import type { CreateJobRequest, ScheduleJobTemplate } from '@strata/contracts';

/** The create-job request a schedule's firing (or run-now) makes from its job template. */
export const jobRequestOf = (template: ScheduleJobTemplate): CreateJobRequest => ({
  name: template.name,
  plugins: [...template.plugins],
  credential_id: template.credentialId,
  ...(template.config === undefined ? {} : { config: { ...template.config } }),
});
