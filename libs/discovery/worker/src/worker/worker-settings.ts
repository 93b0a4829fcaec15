import { hostname } from 'node:os';
import { DiscoveryWorkerConfigError } from '../errors';

/** The tunable part of a worker: plain numbers and names, settable from the environment. */
export interface DiscoveryWorkerSettings {
  /** Most runs of one plugin at once in this process. */
  concurrency: number;
  /** How long the server waits for an ack or a heartbeat before it redelivers a work item. */
  ackWaitMs: number;
  /** Deliveries (attempts) of a work item before its run is reported failed. */
  maxDeliver: number;
  /** Shortest time between two progress reports of one run. */
  progressIntervalMs: number;
  /** Names this process in `PluginRunStarted` reports. */
  workerId: string;
}

export const DISCOVERY_WORKER_DEFAULTS: Readonly<Omit<DiscoveryWorkerSettings, 'workerId'>> = {
  concurrency: 2,
  ackWaitMs: 30_000,
  maxDeliver: 5,
  progressIntervalMs: 1_000,
};

const ENV_NAMES: Readonly<Record<Exclude<keyof DiscoveryWorkerSettings, 'workerId'>, string>> = {
  concurrency: 'DISCOVERY_CONCURRENCY',
  ackWaitMs: 'DISCOVERY_ACK_WAIT_MS',
  maxDeliver: 'DISCOVERY_MAX_DELIVER',
  progressIntervalMs: 'DISCOVERY_PROGRESS_INTERVAL_MS',
};

export const defaultWorkerId = (): string => `${hostname()}-${process.pid}`;

/** Fills in the defaults and rejects values the consumer or the throttle cannot work with. */
export function resolveWorkerSettings(settings: Partial<DiscoveryWorkerSettings> = {}): DiscoveryWorkerSettings {
  const resolved: DiscoveryWorkerSettings = {
    ...DISCOVERY_WORKER_DEFAULTS,
    ...definedOnly(settings),
    workerId: settings.workerId ?? defaultWorkerId(),
  };
  for (const name of ['concurrency', 'ackWaitMs', 'maxDeliver'] as const) {
    if (!Number.isInteger(resolved[name]) || resolved[name] < 1) {
      throw new DiscoveryWorkerConfigError(`discovery worker: ${name} must be a positive integer`);
    }
  }
  if (!Number.isInteger(resolved.progressIntervalMs) || resolved.progressIntervalMs < 0) {
    throw new DiscoveryWorkerConfigError('discovery worker: progressIntervalMs must be a non-negative integer');
  }
  if (resolved.workerId.trim() === '') throw new DiscoveryWorkerConfigError('discovery worker: workerId must not be empty');
  return resolved;
}

/**
 * Reads `DISCOVERY_CONCURRENCY`, `DISCOVERY_ACK_WAIT_MS`, `DISCOVERY_MAX_DELIVER`,
 * `DISCOVERY_PROGRESS_INTERVAL_MS` and `DISCOVERY_WORKER_ID`; unset ones are left out so the
 * defaults apply. Throws a {@link DiscoveryWorkerConfigError} naming the variable when a value is
 * not a whole number.
 */
export function discoveryWorkerSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Partial<DiscoveryWorkerSettings> {
  const settings: Partial<DiscoveryWorkerSettings> = {};
  for (const [field, variable] of Object.entries(ENV_NAMES) as [keyof typeof ENV_NAMES, string][]) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    if (!/^\d+$/.test(raw)) throw new DiscoveryWorkerConfigError(`${variable} "${raw}" is not a whole number`);
    settings[field] = Number(raw);
  }
  const workerId = env['DISCOVERY_WORKER_ID']?.trim();
  if (workerId) settings.workerId = workerId;
  return settings;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
