import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { composeTestMessage } from '../compose-notification/notification-message';
import { ChannelsService, splitChannelConfig } from '../manage-channels/channels.service';
import { NOTIFICATIONS_OPTIONS, type NotificationsOptions } from '../notification-model/notification-options';
import { openChannel, type OpenChannel } from '../notification-model/open-channel';
import { ChannelSender } from '../send-notification/channel-sender';
import type { TestChannelRequest, TestChannelResult } from './test-channel.schemas';

/** Sends a test message to a saved or an inline channel now, and says how it went. */
@Injectable()
export class TestChannelService {
  constructor(
    @Inject(NOTIFICATIONS_OPTIONS) private readonly options: NotificationsOptions,
    @Inject(ChannelsService) private readonly channels: ChannelsService,
    @Inject(ChannelSender) private readonly sender: ChannelSender,
  ) {}

  async test(tenantId: string, request: TestChannelRequest): Promise<TestChannelResult> {
    const channel = 'channel_id' in request ? openChannel(this.options.secretKey, tenantId, await this.channels.require(tenantId, request.channel_id)) : this.inline(request);
    const message = composeTestMessage({ tenantId, channelName: channel.name, time: this.options.clock().toISOString() });
    const outcome = await this.sender.send(channel, message, randomUUID());
    return {
      delivered: outcome.kind === 'delivered',
      method: channel.method,
      channel_id: 'channel_id' in request ? request.channel_id : null,
      status_code: outcome.status_code,
      latency_ms: outcome.latency_ms,
      error: outcome.kind === 'delivered' ? null : outcome.error,
    };
  }

  /** An inline channel, checked as a create would check it (a refused URL is a 400), never stored. */
  private inline(request: Exclude<TestChannelRequest, { channel_id: string }>): OpenChannel {
    splitChannelConfig(request, this.options.allowPrivate);
    const name = request.name ?? `inline ${request.method} channel`;
    switch (request.method) {
      case 'email':
        return { id: 'inline', name, method: 'email', to: request.config.to };
      case 'slack':
        return { id: 'inline', name, method: 'slack', webhookUrl: request.config.webhook_url };
      case 'webhook':
        return { id: 'inline', name, method: 'webhook', url: request.config.url, secret: request.config.secret ?? null };
    }
  }
}
