import { JobOrchestratorConfigError, jobOrchestratorSettingsFromEnv } from './orchestrator-settings';

describe('jobOrchestratorSettingsFromEnv', () => {
  it('reads the silence timeout and the queue notice, leaving unset ones to the defaults', () => {
    expect(jobOrchestratorSettingsFromEnv({})).toEqual({});
    expect(jobOrchestratorSettingsFromEnv({ STRATA_JOB_SILENCE_TIMEOUT_MS: ' 90000 ', STRATA_JOB_QUEUE_NOTICE_MS: '' })).toEqual({ silenceTimeoutMs: 90_000 });
    expect(jobOrchestratorSettingsFromEnv({ STRATA_JOB_QUEUE_NOTICE_MS: '5000' })).toEqual({ queueNoticeMs: 5_000 });
  });

  it.each([
    ['STRATA_JOB_SILENCE_TIMEOUT_MS', 'ten minutes'],
    ['STRATA_JOB_SILENCE_TIMEOUT_MS', '-1'],
    ['STRATA_JOB_QUEUE_NOTICE_MS', '1.5e3'],
    ['STRATA_JOB_QUEUE_NOTICE_MS', '999'],
  ])('refuses %s=%s by name', (variable, value) => {
    expect(() => jobOrchestratorSettingsFromEnv({ [variable]: value })).toThrow(
      new JobOrchestratorConfigError(`${variable} "${value}" must be a whole number of milliseconds, at least 1000`),
    );
  });
});
