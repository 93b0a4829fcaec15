import type { SafeDispatcher } from '@strata/notify-egress';
import type { ReadStore } from '@strata/platform-read-store';
import type { SecretKey } from '@strata/platform-secrets';
import type { NotificationSettings } from './notification-settings';

/** What the notification channels, their test and the job-completion notifier run on. */
export interface NotificationsOptions {
  readStore: ReadStore;
  /** Seals Slack URLs and webhook channel secrets; the same key as credentials (`loadSecretKey()`). */
  secretKey: SecretKey;
  /** Lets Slack and webhook channels point at loopback and private networks (`STRATA_WEBHOOK_ALLOW_PRIVATE`). */
  allowPrivate: boolean;
  /** Every Slack and webhook request connects through it (SSRF checked per connection and redirect). */
  dispatcher: SafeDispatcher;
  settings: NotificationSettings;
  clock: () => Date;
  /** One send to one channel, redirects included. */
  sendTimeoutMs: number;
}

export const NOTIFICATIONS_OPTIONS = Symbol.for('strata:NotificationsOptions');
