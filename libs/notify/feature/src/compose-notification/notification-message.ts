import { composeEmail, escapeHtml, type EmailMessage } from './compose-email';
import { composeSlack, escapeSlack, type SlackMessage } from './compose-slack';
import { composeWebhookBody, NOTIFICATION_EVENT_TYPES } from './compose-webhook';
import type { NotificationContent } from './notification-content';

/** One notification, ready for every method: a channel's sender picks its part. */
export interface NotificationMessage {
  email: EmailMessage;
  slack: SlackMessage;
  /** `X-Strata-Event`, and the body for one delivery id. */
  webhook: { type: string; body: (deliveryId: string) => string };
}

/** The notification of a job's end, for every method. */
export function composeNotificationMessage(content: NotificationContent, time: string): NotificationMessage {
  const type = content.job.status === 'failed' ? NOTIFICATION_EVENT_TYPES.failed : NOTIFICATION_EVENT_TYPES.completed;
  return {
    email: composeEmail(content),
    slack: composeSlack(content),
    webhook: { type, body: (deliveryId) => composeWebhookBody(content, { deliveryId, type, time }) },
  };
}

/** What `POST …/notifications/channels/test` sends: says it is a test, names the channel. */
export function composeTestMessage(input: { tenantId: string; channelName: string; time: string }): NotificationMessage {
  const line = `A test notification from Strata for channel "${input.channelName}" of tenant ${input.tenantId}: this channel works.`;
  const type = NOTIFICATION_EVENT_TYPES.test;
  return {
    email: {
      subject: `Strata test notification: ${input.channelName}`.replace(/[\r\n\t]+/g, ' ').slice(0, 200),
      text: `${line}\n\nJob notifications will arrive like this one, as the tenant's notification policy says.\n`,
      html: `<!doctype html><html><body style="font-family: sans-serif"><p>${escapeHtml(line)}</p><p>Job notifications will arrive like this one, as the tenant's notification policy says.</p></body></html>`,
    },
    slack: {
      text: line,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Strata test notification', emoji: false } },
        { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(line) } },
      ],
    },
    webhook: {
      type,
      body: (deliveryId) =>
        JSON.stringify({ id: deliveryId, type, tenant_id: input.tenantId, time: input.time, version: 1, data: { message: line, channel_name: input.channelName } }),
    },
  };
}
