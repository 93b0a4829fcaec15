import { openSecret, sealSecret, type SecretKey } from '@strata/platform-secrets';
import type { WebhookRecord } from './webhook-collections';

// Binds each ciphertext to its webhook: copied onto another tenant's or webhook's record, it does not open.
const sealContext = (tenantId: string, webhookId: string): string => `strata:webhook:v1\n${tenantId}\n${webhookId}`;

/** The sealed secret and its hint, as a webhook record stores them. */
export function sealWebhookSecret(key: SecretKey, tenantId: string, webhookId: string, secret: string): Pick<WebhookRecord, 'sealed' | 'secret_last4'> {
  return { sealed: sealSecret(key, { secret }, sealContext(tenantId, webhookId)), secret_last4: secret.slice(-4) };
}

/** The signing secret of a stored webhook. */
export function openWebhookSecret(key: SecretKey, tenantId: string, record: Pick<WebhookRecord, 'id' | 'sealed'>): string {
  return (openSecret(key, record.sealed, sealContext(tenantId, record.id)) as { secret: string }).secret;
}
