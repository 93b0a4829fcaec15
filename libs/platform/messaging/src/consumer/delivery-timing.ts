/** How the delay before redelivering a failed message grows with each attempt. */
export interface RedeliveryBackoff {
  /** Delay after the first failed delivery. */
  initialDelayMs: number;
  /** Factor applied per further delivery. */
  multiplier: number;
  /** Upper bound of the delay. */
  maxDelayMs: number;
  /**
   * Fraction of the delay that is randomised (0 = none), so consumers that failed together do
   * not all retry in the same instant.
   */
  jitter: number;
}

export const DEFAULT_REDELIVERY_BACKOFF: Readonly<RedeliveryBackoff> = {
  initialDelayMs: 1_000,
  multiplier: 2,
  maxDelayMs: 60_000,
  jitter: 0.2,
};

/**
 * Delay before the next delivery after delivery number `deliveryCount` (1-based) failed:
 * `initial × multiplier^(deliveryCount − 1)`, capped, minus up to `jitter` of itself.
 */
export function redeliveryDelayMs(
  deliveryCount: number,
  backoff: Readonly<RedeliveryBackoff> = DEFAULT_REDELIVERY_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, deliveryCount - 1);
  const uncapped = backoff.initialDelayMs * backoff.multiplier ** exponent;
  const capped = Math.min(backoff.maxDelayMs, uncapped);
  const jitter = Math.min(1, Math.max(0, backoff.jitter));
  return Math.round(capped * (1 - jitter * random()));
}

/**
 * How often a running handler tells the server it is still working (`+WPI`), restarting the
 * ack-wait clock: a third of the ack wait, so two heartbeats may be lost before a redelivery.
 */
export function workingHeartbeatIntervalMs(ackWaitMs: number): number {
  return Math.max(50, Math.floor(ackWaitMs / 3));
}
