import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, classifyDeliveryOutcome } from '@strata/notify-egress';

/** Retries stop this long after a delivery was recorded (or redelivered by hand). */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface RetryPolicy {
  /** First backoff ceiling; doubled per attempt (full jitter below it). */
  readonly baseMs: number;
  /** Longest wait between two attempts, `Retry-After` included. */
  readonly capMs: number;
  /** How long a delivery is retried, from the start of its window. */
  readonly windowMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS, windowMs: RETRY_WINDOW_MS };

export interface AttemptResult {
  /** The receiver's status, when it answered. */
  readonly status?: number;
  /** Why no answer came (timeout, connection error, refusal). */
  readonly error?: unknown;
  /** Its `Retry-After` header. */
  readonly retryAfter?: string | null;
  /** The attempt just made, from 1. */
  readonly attempt: number;
  /** When the delivery's retry window started (ms since the epoch). */
  readonly windowStartedAt: number;
  /** Now (ms since the epoch). */
  readonly now: number;
  /** [0, 1): the jitter. */
  readonly random: () => number;
}

export type NextStep =
  | { readonly status: 'delivered' }
  | { readonly status: 'pending'; readonly nextAttemptAt: number }
  | { readonly status: 'failed'; readonly reason: string };

/**
 * What a delivery does after an attempt: 2xx delivered; 408, 429, 5xx, a timeout or a connection
 * error retried after exponential backoff with full jitter (a 429/503's `Retry-After`, seconds or
 * an HTTP date, instead, capped at `capMs`), while the next attempt still falls within the 24 h
 * window; other statuses, a refused target and too many redirects are final at once.
 */
export function nextStep(result: AttemptResult, policy: RetryPolicy = DEFAULT_RETRY_POLICY): NextStep {
  const outcome = classifyDeliveryOutcome({
    ...(result.status === undefined ? {} : { status: result.status }),
    error: result.error,
    retryAfter: result.retryAfter ?? null,
    attempt: result.attempt,
    now: result.now,
    random: result.random,
    baseMs: policy.baseMs,
    capMs: policy.capMs,
  });
  if (outcome.kind === 'delivered') return { status: 'delivered' };
  if (outcome.kind === 'final') return { status: 'failed', reason: outcome.reason };
  const nextAttemptAt = result.now + outcome.delayMs;
  if (nextAttemptAt > result.windowStartedAt + policy.windowMs) {
    return { status: 'failed', reason: `gave up after ${attemptsText(result.attempt)}: still failing ${duration(policy.windowMs)} after the first` };
  }
  return { status: 'pending', nextAttemptAt };
}

const attemptsText = (attempts: number): string => (attempts === 1 ? '1 attempt' : `${attempts} attempts`);

const duration = (ms: number): string => (ms >= 3_600_000 ? `${Math.round(ms / 3_600_000)} h` : ms >= 1_000 ? `${Math.round(ms / 1_000)} s` : `${ms} ms`);
