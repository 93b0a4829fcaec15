import type { SafeDispatcher } from '@strata/notify-egress';
import type { ReadStore } from '@strata/platform-read-store';
import type { SecretKey } from '@strata/platform-secrets';

/** What NotifyModule runs on. */
export interface NotifyOptions {
  readStore: ReadStore;
  /** Seals webhook secrets; the same key as credentials (`loadSecretKey()`). */
  secretKey: SecretKey;
  /** Lets webhooks point at loopback and private networks (`STRATA_WEBHOOK_ALLOW_PRIVATE`, read by the app). */
  allowPrivate: boolean;
  /** Every outbound webhook request connects through it (SSRF checked per connection). */
  dispatcher: SafeDispatcher;
  clock: () => Date;
  /** The whole test delivery, redirects included. */
  testTimeoutMs: number;
}

export const NOTIFY_OPTIONS = Symbol.for('strata:NotifyOptions');
