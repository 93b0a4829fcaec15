import { signDelivery } from '@strata/notify-egress';
import type { SafeDispatcher } from '@strata/notify-egress';
import type { NotificationSettings } from '../notification-model/notification-settings';
import { redact, secretsOf, type OpenChannel } from '../notification-model/open-channel';
import { EmailSender } from './email-sender';
import { postJson } from './http-channel-sender';
import type { NotificationMessage } from '../compose-notification/notification-message';
import type { SendOutcome } from './notification-message';

/** Sends a notification to one channel of any method; errors it reports never carry the channel's secrets. */
export class ChannelSender {
  private readonly email: EmailSender;

  constructor(private readonly options: { settings: NotificationSettings; dispatcher: SafeDispatcher; timeoutMs: number }) {
    this.email = new EmailSender({ smtpUrl: options.settings.smtpUrl, smtpFrom: options.settings.smtpFrom, timeoutMs: options.timeoutMs });
  }

  /** `deliveryId` is the same on every retry of this notification to this channel; `attempt` counts from 1. */
  async send(channel: OpenChannel, message: NotificationMessage, deliveryId: string, attempt = 1): Promise<SendOutcome> {
    const outcome = await this.sendUnredacted(channel, message, deliveryId, attempt);
    return outcome.kind === 'delivered' ? outcome : { ...outcome, error: redact(outcome.error, secretsOf(channel)) };
  }

  close(): void {
    this.email.close();
  }

  private async sendUnredacted(channel: OpenChannel, message: NotificationMessage, deliveryId: string, attempt: number): Promise<SendOutcome> {
    const http = { dispatcher: this.options.dispatcher, timeoutMs: this.options.timeoutMs, attempt };
    switch (channel.method) {
      case 'email':
        return this.email.send(channel.to, message.email);
      case 'slack':
        return postJson(channel.webhookUrl, JSON.stringify(message.slack), {}, http);
      case 'webhook': {
        const body = message.webhook.body(deliveryId);
        const signature = channel.secret ? signDelivery({ secret: channel.secret, timestamp: Math.floor(Date.now() / 1000), body, deliveryId, eventType: message.webhook.type }) : { 'X-Strata-Event': message.webhook.type, 'X-Strata-Delivery': deliveryId };
        return postJson(channel.url, body, { ...signature }, http);
      }
    }
  }
}
