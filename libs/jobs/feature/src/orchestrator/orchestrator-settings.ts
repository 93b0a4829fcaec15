import type { JobOrchestratorOptions } from './job-orchestrator';

/** A setting of the job orchestrator that cannot be used; the message names the variable. */
export class JobOrchestratorConfigError extends Error {
  override readonly name = 'JobOrchestratorConfigError';
}

export type JobOrchestratorSettings = Pick<JobOrchestratorOptions, 'silenceTimeoutMs' | 'queueNoticeMs'>;

const ENV_NAMES: Record<keyof JobOrchestratorSettings, string> = {
  silenceTimeoutMs: 'STRATA_JOB_SILENCE_TIMEOUT_MS',
  queueNoticeMs: 'STRATA_JOB_QUEUE_NOTICE_MS',
};

/** Shorter than this, a timeout would fire between a worker's progress reports. */
const MIN_MS = 1_000;

/**
 * Reads `STRATA_JOB_SILENCE_TIMEOUT_MS` and `STRATA_JOB_QUEUE_NOTICE_MS`; unset ones are left out
 * so the orchestrator's defaults apply. Throws a {@link JobOrchestratorConfigError} naming the
 * variable when a value is not a whole number of milliseconds of at least a second (a value
 * that is not a number used to make every silence sweep fail, so no job ever timed out).
 */
export function jobOrchestratorSettingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): JobOrchestratorSettings {
  const settings: JobOrchestratorSettings = {};
  for (const [field, variable] of Object.entries(ENV_NAMES) as [keyof JobOrchestratorSettings, string][]) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= MIN_MS)) throw new JobOrchestratorConfigError(`${variable} "${raw}" must be a whole number of milliseconds, at least ${MIN_MS}`);
    settings[field] = value;
  }
  return settings;
}
