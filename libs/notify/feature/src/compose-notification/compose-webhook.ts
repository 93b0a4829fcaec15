import type { NotificationContent } from './notification-content';

/** The event types a webhook channel's body carries (`X-Strata-Event`). */
export const NOTIFICATION_EVENT_TYPES = { completed: 'notification.JobCompleted', failed: 'notification.JobFailed', test: 'notification.ChannelTest' } as const;

/**
 * A webhook channel's body: shaped like the event envelope (`id`, `type`, `tenant_id`, `time`,
 * `version`, `data`), its `data` the notification's content. `id` is the delivery's: the same
 * on every retry of this notification to this channel, so receivers can deduplicate.
 */
export function composeWebhookBody(content: NotificationContent, input: { deliveryId: string; type: string; time: string }): string {
  return JSON.stringify({ id: input.deliveryId, type: input.type, tenant_id: content.tenant_id, time: input.time, version: 1, data: content });
}
