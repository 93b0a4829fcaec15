import { webhookAllowPrivateFromEnv } from '@strata/notify-egress';
import type { DeliverySenderSettings } from './send-deliveries/delivery-sender';
import { DEFAULT_RETRY_POLICY } from './send-deliveries/retry-policy';

/** Thrown at start-up for an environment variable the notifier cannot use. */
export class NotifierConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotifierConfigError';
  }
}

export interface NotifierSettings {
  /** Lets webhooks reach loopback and private networks (`STRATA_WEBHOOK_ALLOW_PRIVATE`). */
  allowPrivate: boolean;
  delivery: DeliverySenderSettings;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySenderSettings = {
  timeoutMs: 10_000,
  concurrency: 64,
  perWebhookConcurrency: 4,
  pollIntervalMs: 1_000,
  retry: DEFAULT_RETRY_POLICY,
};

const VARIABLES = {
  timeoutMs: { name: 'STRATA_WEBHOOK_TIMEOUT_MS', min: 100 },
  concurrency: { name: 'STRATA_WEBHOOK_CONCURRENCY', min: 1 },
  perWebhookConcurrency: { name: 'STRATA_WEBHOOK_CONCURRENCY_PER_WEBHOOK', min: 1 },
  pollIntervalMs: { name: 'STRATA_WEBHOOK_POLL_INTERVAL_MS', min: 10 },
} as const;

/**
 * The notifier's settings from the environment: `STRATA_WEBHOOK_TIMEOUT_MS` (one attempt, default
 * 10000), `STRATA_WEBHOOK_CONCURRENCY` (attempts at once, default 64),
 * `STRATA_WEBHOOK_CONCURRENCY_PER_WEBHOOK` (to one webhook, default 4),
 * `STRATA_WEBHOOK_POLL_INTERVAL_MS` (looking for due retries, default 1000) and
 * `STRATA_WEBHOOK_ALLOW_PRIVATE`.
 */
export function notifierSettingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): NotifierSettings {
  const delivery: DeliverySenderSettings = { ...DEFAULT_DELIVERY_SETTINGS };
  for (const [key, { name, min }] of Object.entries(VARIABLES) as [keyof typeof VARIABLES, { name: string; min: number }][]) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= min) || !Number.isSafeInteger(value)) throw new NotifierConfigError(`${name} "${raw}" must be a whole number, at least ${min}`);
    delivery[key] = value;
  }
  if (delivery.perWebhookConcurrency > delivery.concurrency) {
    throw new NotifierConfigError(`${VARIABLES.perWebhookConcurrency.name} (${delivery.perWebhookConcurrency}) cannot exceed ${VARIABLES.concurrency.name} (${delivery.concurrency})`);
  }
  return { allowPrivate: webhookAllowPrivateFromEnv(env), delivery };
}
