import { defineCollection } from '@strata/platform-read-store';
import type { SealedSecret } from '@strata/platform-secrets';

/** A webhook as stored, in its tenant's scope. The secret is only ever here sealed. */
export interface WebhookRecord {
  id: string;
  url: string;
  events: string[];
  is_active: boolean;
  description: string | null;
  /** `{ secret }`, AES-256-GCM with the process's secret key, bound to tenant and id. */
  sealed: SealedSecret;
  /** Last 4 characters of the secret: the hint views show. */
  secret_last4: string;
  /** Why the notifier disabled it (failing for 24 h); cleared when it is made active again. Absent on older records. */
  disabled_reason?: string | null;
  created_at: string;
  updated_at: string;
}

export const webhooksCollection = defineCollection<WebhookRecord>({
  name: 'notify_webhooks',
  indexes: { created_at: 'string', is_active: 'boolean' },
});
