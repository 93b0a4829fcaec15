import { AuditEngineConfigError, auditEngineSettingsFromEnv } from './audit-engine-settings';

describe('auditEngineSettingsFromEnv', () => {
  it('reads the mute-expiry interval, and leaves the default when unset', () => {
    expect(auditEngineSettingsFromEnv({})).toEqual({});
    expect(auditEngineSettingsFromEnv({ AUDIT_MUTE_EXPIRY_INTERVAL_MS: ' 5000 ' })).toEqual({ muteExpiryIntervalMs: 5000 });
  });

  it.each(['abc', '-1', '1.5', '10'])('refuses %j', (raw) => {
    expect(() => auditEngineSettingsFromEnv({ AUDIT_MUTE_EXPIRY_INTERVAL_MS: raw })).toThrow(AuditEngineConfigError);
  });
});
