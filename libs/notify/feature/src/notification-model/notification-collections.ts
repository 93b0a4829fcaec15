import { defineCollection } from '@strata/platform-read-store';
import type { SealedSecret } from '@strata/platform-secrets';
import type { NotificationSeverity } from './notification-severity';

export const CHANNEL_METHODS = ['email', 'slack', 'webhook'] as const;
export type ChannelMethod = (typeof CHANNEL_METHODS)[number];

/** What a channel's record keeps in the clear, per method; secrets are only in `sealed`. */
export type StoredChannelConfig =
  | { method: 'email'; to: string[] }
  /** `webhook_url_hint`: scheme, host and the URL's last 4 characters; the URL itself is sealed. */
  | { method: 'slack'; webhook_url_hint: string }
  | { method: 'webhook'; url: string; secret_last4: string | null };

/** The sealed part of a channel: the Slack URL, or the webhook channel's signing secret. */
export interface ChannelSecrets {
  webhook_url?: string;
  secret?: string;
}

/** A notification channel as stored, in its tenant's scope. */
export interface ChannelRecord {
  id: string;
  name: string;
  method: ChannelMethod;
  enabled: boolean;
  config: StoredChannelConfig;
  /** {@link ChannelSecrets}, AES-256-GCM with the process's secret key, bound to tenant and id; null when it has none. */
  sealed: SealedSecret | null;
  created_at: string;
  updated_at: string;
}

export const channelsCollection = defineCollection<ChannelRecord>({
  name: 'notify_channels',
  indexes: { created_at: 'string', enabled: 'boolean' },
});

export const TRIGGER_MODES = ['scan_complete', 'waste_only'] as const;
export type TriggerMode = (typeof TRIGGER_MODES)[number];

/** A tenant's notification policy (one document, id {@link POLICY_ID}). */
export interface PolicyRecord {
  notification_trigger_mode: TriggerMode;
  min_severity: NotificationSeverity;
  updated_at: string;
}

export const POLICY_ID = 'policy';
export const policyCollection = defineCollection<PolicyRecord>({ name: 'notify_policy', indexes: {} });

/**
 * One notification's fate on one channel, per (tenant, `<event id>:<channel id>`): `sent` marks it
 * done, so a redelivered event (a retry for another channel, a crash after sending) does not send
 * it to this channel twice.
 */
export interface ChannelDeliveryRecord {
  event_id: string;
  channel_id: string;
  job_id: string;
  status: 'sent' | 'failed' | 'retrying';
  attempts: number;
  /** Why the last attempt failed (never a secret). */
  error: string | null;
  updated_at: string;
}

export const channelDeliveryId = (eventId: string, channelId: string): string => `${eventId}:${channelId}`;
export const channelDeliveriesCollection = defineCollection<ChannelDeliveryRecord>({ name: 'notify_channel_deliveries', indexes: { job_id: 'string' } });
