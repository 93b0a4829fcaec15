import { openSecret, sealSecret, type SecretKey } from '@strata/platform-secrets';
import type { ChannelRecord, ChannelSecrets } from './notification-collections';

/** A channel ready to send to: its secrets opened. Never logged, never answered. */
export type OpenChannel =
  | { id: string; name: string; method: 'email'; to: readonly string[] }
  | { id: string; name: string; method: 'slack'; webhookUrl: string }
  | { id: string; name: string; method: 'webhook'; url: string; secret: string | null };

// Binds each ciphertext to its channel: copied onto another tenant's or channel's record, it does not open.
const sealContext = (tenantId: string, channelId: string): string => `strata:notify-channel:v1\n${tenantId}\n${channelId}`;

export function sealChannelSecrets(key: SecretKey, tenantId: string, channelId: string, secrets: ChannelSecrets) {
  return sealSecret(key, { ...secrets }, sealContext(tenantId, channelId));
}

export function openChannelSecrets(key: SecretKey, tenantId: string, record: ChannelRecord): ChannelSecrets {
  if (!record.sealed) return {};
  return openSecret(key, record.sealed, sealContext(tenantId, record.id)) as ChannelSecrets;
}

/** The stored channel with its secrets opened. */
export function openChannel(key: SecretKey, tenantId: string, record: ChannelRecord): OpenChannel {
  const secrets = openChannelSecrets(key, tenantId, record);
  const { config } = record;
  switch (config.method) {
    case 'email':
      return { id: record.id, name: record.name, method: 'email', to: config.to };
    case 'slack':
      if (!secrets.webhook_url) throw new Error(`slack channel ${record.id} has no sealed webhook URL`);
      return { id: record.id, name: record.name, method: 'slack', webhookUrl: secrets.webhook_url };
    case 'webhook':
      return { id: record.id, name: record.name, method: 'webhook', url: config.url, secret: secrets.secret ?? null };
  }
}

/** The secrets an open channel carries: what error messages are scrubbed of. */
export function secretsOf(channel: OpenChannel): string[] {
  if (channel.method === 'slack') return [channel.webhookUrl];
  if (channel.method === 'webhook' && channel.secret) return [channel.secret];
  return [];
}

/** `text` with every secret (and a Slack URL's path) replaced, for errors that might quote them. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    out = out.split(secret).join('[redacted]');
    try {
      const url = new URL(secret);
      if (url.pathname.length > 1) out = out.split(url.pathname).join('/[redacted]');
    } catch {
      // not a URL
    }
  }
  return out;
}

/** What a Slack URL is shown as: scheme and host, and its last 4 characters. */
export function urlHint(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}/…${url.slice(-4)}`;
}
