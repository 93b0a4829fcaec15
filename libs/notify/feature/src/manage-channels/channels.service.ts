import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ZodValidationPipe } from '@strata/platform-http';
import type { TenantCollection } from '@strata/platform-read-store';
import { KeyedLock } from '@strata/shared-domain';
import { z } from 'zod';
import { checkChannelUrl } from '../notification-model/channel-url';
import { channelsCollection, type ChannelRecord, type ChannelSecrets, type StoredChannelConfig } from '../notification-model/notification-collections';
import { ChannelNotFoundError, ChannelUrlRefusedError } from '../notification-model/notification-errors';
import { NOTIFICATIONS_OPTIONS, type NotificationsOptions } from '../notification-model/notification-options';
import { openChannelSecrets, sealChannelSecrets, urlHint } from '../notification-model/open-channel';
import {
  CHANNEL_CONFIG_SCHEMAS,
  type ChannelInput,
  type ChannelList,
  type EmailConfig,
  type SlackConfig,
  type WebhookChannelConfig,
  type ChannelView,
  type ListChannelsQuery,
  type PatchChannelRequest,
} from './channel.schemas';

const newChannelId = (): string => `ch-${randomBytes(8).toString('hex')}`;

export function channelView(tenantId: string, record: ChannelRecord): ChannelView {
  const { config } = record;
  const shown =
    config.method === 'email'
      ? { to: config.to }
      : config.method === 'slack'
        ? { webhook_url_hint: config.webhook_url_hint }
        : { url: config.url, has_secret: config.secret_last4 !== null, secret_last4: config.secret_last4 };
  return { id: record.id, tenant_id: tenantId, name: record.name, method: record.method, config: shown, enabled: record.enabled, created_at: record.created_at, updated_at: record.updated_at };
}

/** A channel's config split into what is kept in the clear and what is sealed, its URL checked against the SSRF policy. */
export type ChannelMethodConfig = { method: 'email'; config: EmailConfig } | { method: 'slack'; config: SlackConfig } | { method: 'webhook'; config: WebhookChannelConfig };

export function splitChannelConfig(input: ChannelMethodConfig, allowPrivate: boolean, keptSecret?: string): { stored: StoredChannelConfig; secrets: ChannelSecrets | null } {
  const checked = (url: string) => {
    const check = checkChannelUrl(url, allowPrivate);
    if (!check.ok) throw new ChannelUrlRefusedError(check.reason);
    return check.url.toString();
  };
  switch (input.method) {
    case 'email':
      return { stored: { method: 'email', to: input.config.to }, secrets: null };
    case 'slack': {
      const url = checked(input.config.webhook_url);
      return { stored: { method: 'slack', webhook_url_hint: urlHint(url) }, secrets: { webhook_url: url } };
    }
    case 'webhook': {
      const url = checked(input.config.url);
      const secret = input.config.secret === null ? undefined : (input.config.secret ?? keptSecret);
      return { stored: { method: 'webhook', url, secret_last4: secret ? secret.slice(-4) : null }, secrets: secret ? { secret } : null };
    }
  }
}

/** A tenant's notification channels: stored with their secrets sealed, shown with hints instead. */
@Injectable()
export class ChannelsService {
  private readonly lock = new KeyedLock();

  constructor(@Inject(NOTIFICATIONS_OPTIONS) private readonly options: NotificationsOptions) {}

  async create(tenantId: string, input: ChannelInput): Promise<ChannelView> {
    const { stored, secrets } = splitChannelConfig(input, this.options.allowPrivate);
    const id = newChannelId();
    const now = this.options.clock().toISOString();
    const record: ChannelRecord = {
      id,
      name: input.name ?? `${input.method}-${now}`,
      method: input.method,
      enabled: input.enabled,
      config: stored,
      sealed: secrets ? sealChannelSecrets(this.options.secretKey, tenantId, id, secrets) : null,
      created_at: now,
      updated_at: now,
    };
    await this.records(tenantId).upsert(id, record);
    return channelView(tenantId, record);
  }

  async list(tenantId: string, query: ListChannelsQuery): Promise<ChannelList> {
    const page = await this.records(tenantId).find({ sort: { field: 'created_at' }, limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) });
    return {
      items: page.items.map(({ doc }) => channelView(tenantId, doc)),
      page: { limit: query.limit, next_cursor: page.nextCursor ?? null, has_more: page.nextCursor !== undefined },
    };
  }

  async patch(tenantId: string, channelId: string, patch: PatchChannelRequest): Promise<ChannelView> {
    return this.lock.run(`${tenantId}\n${channelId}`, async () => {
      const record = await this.require(tenantId, channelId);
      let config: Partial<Pick<ChannelRecord, 'config' | 'sealed'>> = {};
      if (patch.config !== undefined) {
        // Validated against the stored method's schema, with the same 400 as the body's.
        const schema = z.object({ config: CHANNEL_CONFIG_SCHEMAS[record.method] });
        const parsed = (await new ZodValidationPipe(schema, { kind: 'body' }).transform({ config: patch.config })) as { config: unknown };
        const kept = record.method === 'webhook' ? openChannelSecrets(this.options.secretKey, tenantId, record).secret : undefined;
        const { stored, secrets } = splitChannelConfig({ method: record.method, config: parsed.config } as ChannelMethodConfig, this.options.allowPrivate, kept);
        config = { config: stored, sealed: secrets ? sealChannelSecrets(this.options.secretKey, tenantId, channelId, secrets) : null };
      }
      const updated: ChannelRecord = {
        ...record,
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
        ...config,
        updated_at: this.options.clock().toISOString(),
      };
      await this.records(tenantId).upsert(channelId, updated);
      return channelView(tenantId, updated);
    });
  }

  async delete(tenantId: string, channelId: string): Promise<void> {
    if (!(await this.records(tenantId).delete(channelId))) throw new ChannelNotFoundError(channelId);
  }

  async require(tenantId: string, channelId: string): Promise<ChannelRecord> {
    const record = await this.records(tenantId).get(channelId);
    if (!record) throw new ChannelNotFoundError(channelId);
    return record;
  }

  private records(tenantId: string): TenantCollection<ChannelRecord> {
    return this.options.readStore.collection(channelsCollection).forTenant(tenantId);
  }
}
