import { z } from 'zod';

/** Event category of the notifier's own events: `events.<tenant>.webhook.<Name>`. */
export const WEBHOOK_CATEGORY = 'webhook';

export const WEBHOOK_DISABLED = 'WebhookDisabled';

/** `webhook.WebhookDisabled`: the notifier disabled a webhook that kept failing (24 h of failed deliveries). */
export const webhookDisabledEventDataSchema = z.object({
  webhookId: z.string(),
  reason: z.string(),
  disabledAt: z.string().describe('ISO 8601 UTC'),
});
export type WebhookDisabledEventData = z.infer<typeof webhookDisabledEventDataSchema>;
