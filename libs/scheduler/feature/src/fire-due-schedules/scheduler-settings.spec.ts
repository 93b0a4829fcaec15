import { SchedulerConfigError, schedulerSettingsFromEnv } from './scheduler-settings';

describe('schedulerSettingsFromEnv', () => {
  it('leaves unset or empty variables to the defaults', () => {
    expect(schedulerSettingsFromEnv({})).toEqual({});
    expect(schedulerSettingsFromEnv({ SCHEDULER_POLL_INTERVAL_MS: ' ', SCHEDULER_CONCURRENCY: '' })).toEqual({});
  });

  it('reads whole numbers in range', () => {
    expect(schedulerSettingsFromEnv({ SCHEDULER_POLL_INTERVAL_MS: '250', SCHEDULER_CONCURRENCY: '8' })).toEqual({ pollIntervalMs: 250, concurrency: 8 });
  });

  it.each([
    ['SCHEDULER_POLL_INTERVAL_MS', '99'],
    ['SCHEDULER_POLL_INTERVAL_MS', '5s'],
    ['SCHEDULER_POLL_INTERVAL_MS', '3600001'],
    ['SCHEDULER_CONCURRENCY', '0'],
    ['SCHEDULER_CONCURRENCY', '1001'],
    ['SCHEDULER_CONCURRENCY', '-1'],
  ])('stops the start on %s=%s, naming it', (name, value) => {
    expect(() => schedulerSettingsFromEnv({ [name]: value })).toThrow(SchedulerConfigError);
    expect(() => schedulerSettingsFromEnv({ [name]: value })).toThrow(new RegExp(`^${name} "${value}" must be a whole number`));
  });
});
