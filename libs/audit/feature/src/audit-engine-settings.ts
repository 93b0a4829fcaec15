import type { AuditEngineSettings } from './audit-engine';

/** Thrown at start-up for an environment variable the audit engine cannot use. */
export class AuditEngineConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditEngineConfigError';
  }
}

const MIN_INTERVAL_MS = 100;

/** The audit engine's settings from the environment: `AUDIT_MUTE_EXPIRY_INTERVAL_MS` (default 30000). */
export function auditEngineSettingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): AuditEngineSettings {
  const raw = env['AUDIT_MUTE_EXPIRY_INTERVAL_MS']?.trim();
  if (raw === undefined || raw === '') return {};
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= MIN_INTERVAL_MS)) throw new AuditEngineConfigError(`AUDIT_MUTE_EXPIRY_INTERVAL_MS "${raw}" must be a whole number of milliseconds, at least ${MIN_INTERVAL_MS}`);
  return { muteExpiryIntervalMs: value };
}
