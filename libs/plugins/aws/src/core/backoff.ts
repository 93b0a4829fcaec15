import { setTimeout as sleep } from 'node:timers/promises';

export interface BackoffPolicy {
  /** Attempts in all (the first call included) before giving up. */
  maxAttempts: number;
  /** Ceiling of the first retry's delay; it doubles with every further retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1); injectable so tests are deterministic. */
  random: () => number;
}

export const DEFAULT_BACKOFF: Omit<BackoffPolicy, 'maxAttempts'> = { baseDelayMs: 250, maxDelayMs: 20_000, random: Math.random };

/**
 * "Equal jitter" exponential backoff: half the capped exponential delay, plus a random share of
 * the other half. Spreads the retries of parallel callers apart (so they do not hit AWS in
 * lock-step again) while never retrying at once.
 */
export function backoffDelay(retry: number, policy: Omit<BackoffPolicy, 'maxAttempts'>): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + policy.random() * (ceiling / 2));
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export async function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal });
}
