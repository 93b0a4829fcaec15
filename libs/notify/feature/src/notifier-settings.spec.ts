import { DEFAULT_DELIVERY_SETTINGS, NotifierConfigError, notifierSettingsFromEnv } from './notifier-settings';

describe('notifierSettingsFromEnv', () => {
  it('defaults: 10 s per attempt, 64 at once, 4 per webhook, a poll a second, private targets refused', () => {
    expect(notifierSettingsFromEnv({})).toEqual({ allowPrivate: false, delivery: DEFAULT_DELIVERY_SETTINGS });
    expect(DEFAULT_DELIVERY_SETTINGS).toMatchObject({ timeoutMs: 10_000, concurrency: 64, perWebhookConcurrency: 4, pollIntervalMs: 1_000 });
  });

  it('reads each variable', () => {
    const settings = notifierSettingsFromEnv({
      STRATA_WEBHOOK_TIMEOUT_MS: '2500',
      STRATA_WEBHOOK_CONCURRENCY: '16',
      STRATA_WEBHOOK_CONCURRENCY_PER_WEBHOOK: '2',
      STRATA_WEBHOOK_POLL_INTERVAL_MS: '200',
      STRATA_WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    expect(settings).toEqual({ allowPrivate: true, delivery: { ...DEFAULT_DELIVERY_SETTINGS, timeoutMs: 2_500, concurrency: 16, perWebhookConcurrency: 2, pollIntervalMs: 200 } });
  });

  it.each([
    ['STRATA_WEBHOOK_TIMEOUT_MS', '10s'],
    ['STRATA_WEBHOOK_TIMEOUT_MS', '50'],
    ['STRATA_WEBHOOK_CONCURRENCY', '0'],
    ['STRATA_WEBHOOK_CONCURRENCY_PER_WEBHOOK', '-1'],
    ['STRATA_WEBHOOK_POLL_INTERVAL_MS', '1.5'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => notifierSettingsFromEnv({ [name]: value })).toThrow(new RegExp(`^${name} "${value.replace('.', '\\.')}" must be a whole number`));
  });

  it('refuses more per webhook than in all', () => {
    expect(() => notifierSettingsFromEnv({ STRATA_WEBHOOK_CONCURRENCY: '2', STRATA_WEBHOOK_CONCURRENCY_PER_WEBHOOK: '3' })).toThrow(NotifierConfigError);
  });
});
