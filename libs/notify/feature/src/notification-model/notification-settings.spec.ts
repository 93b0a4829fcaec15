import { DEFAULT_SMTP_FROM, notificationSettingsFromEnv } from './notification-settings';
import { redact, urlHint } from './open-channel';

describe('notificationSettingsFromEnv', () => {
  it('defaults to no SMTP and links to localhost on the API port', () => {
    expect(notificationSettingsFromEnv({})).toEqual({ smtpUrl: null, smtpFrom: DEFAULT_SMTP_FROM, publicUrl: 'http://localhost:8080' });
    expect(notificationSettingsFromEnv({ PORT: '9123' }).publicUrl).toBe('http://localhost:9123');
  });

  it('reads the SMTP URL, the sender and the public URL (without a trailing slash)', () => {
    expect(notificationSettingsFromEnv({ STRATA_SMTP_URL: 'smtps://u:p@mail.example.com:465', STRATA_SMTP_FROM: 'ops@example.com', STRATA_PUBLIC_URL: 'https://strata.example.com/' })).toEqual({
      smtpUrl: 'smtps://u:p@mail.example.com:465',
      smtpFrom: 'ops@example.com',
      publicUrl: 'https://strata.example.com',
    });
  });

  it.each([
    [{ STRATA_SMTP_URL: 'mail.example.com' }, /STRATA_SMTP_URL must be a URL/],
    [{ STRATA_SMTP_URL: 'http://mail.example.com' }, /STRATA_SMTP_URL must start with smtp:\/\/ or smtps:\/\//],
    [{ STRATA_PUBLIC_URL: 'strata.example.com' }, /STRATA_PUBLIC_URL must be an http\(s\) URL/],
    [{ STRATA_PUBLIC_URL: 'ftp://strata.example.com' }, /STRATA_PUBLIC_URL/],
  ])('refuses %j by name', (env, message) => {
    expect(() => notificationSettingsFromEnv(env)).toThrow(message);
  });
});

describe('secrets in messages', () => {
  it('hints a URL by scheme, host and its last 4 characters', () => {
    expect(urlHint('https://hooks.slack.com/services/T0/B0/abcdWXYZ')).toBe('https://hooks.slack.com/…WXYZ');
  });

  it('redacts a secret, and a secret URL\'s path wherever it is quoted', () => {
    const url = 'https://hooks.slack.com/services/T0/B0/abcdWXYZ';
    expect(redact(`POST ${url} failed; path /services/T0/B0/abcdWXYZ; key s3cr3t-value`, [url, 's3cr3t-value'])).toBe('POST [redacted] failed; path /[redacted]; key [redacted]');
  });
});
