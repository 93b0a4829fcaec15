import { idSchema, printableText, wholeNumberParam } from '@strata/contracts';
import { z } from 'zod';
import { CHANNEL_METHODS } from '../notification-model/notification-collections';

export const channelIdSchema = idSchema.describe('Notification channel id, e.g. ch-3f2a9c1d0b7e6a55');

const urlField = z.string().min(1).max(2048);

export const emailConfigSchema = z
  .object({ to: z.array(z.email().max(254)).min(1).max(50).transform((to) => [...new Set(to)]).describe('Recipients') })
  .strict()
  .meta({ id: 'EmailChannelConfig' });

export const slackConfigSchema = z
  .object({
    webhook_url: urlField.describe('The Slack incoming-webhook URL (https://hooks.slack.com/services/…): a secret, write-only, shown as webhook_url_hint'),
  })
  .strict()
  .meta({ id: 'SlackChannelConfig' });

export const webhookChannelConfigSchema = z
  .object({
    url: urlField.describe('Where notifications are POSTed: http(s), a public address (see the SSRF policy)'),
    secret: z
      .string()
      .min(16)
      .max(256)
      .regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces')
      .nullable()
      .optional()
      .describe('HMAC key the X-Strata-Signature is made with (16-256 characters); write-only; absent: unsigned; null in a PATCH removes it'),
  })
  .strict()
  .meta({ id: 'WebhookChannelConfig' });

export const CHANNEL_CONFIG_SCHEMAS = { email: emailConfigSchema, slack: slackConfigSchema, webhook: webhookChannelConfigSchema } as const;

export type EmailConfig = z.infer<typeof emailConfigSchema>;
export type SlackConfig = z.infer<typeof slackConfigSchema>;
export type WebhookChannelConfig = z.infer<typeof webhookChannelConfigSchema>;

const nameField = printableText(100).describe('What the channel is called, e.g. ops-email');
const enabledField = z.boolean().default(true).describe('Disabled channels get nothing (a test still sends)');

/** A channel as given to create or to test inline: its method says which config it takes. */
export const channelInputSchema = z
  .discriminatedUnion('method', [
    z.object({ name: nameField.optional(), method: z.literal('email'), config: emailConfigSchema, enabled: enabledField }).strict(),
    z.object({ name: nameField.optional(), method: z.literal('slack'), config: slackConfigSchema, enabled: enabledField }).strict(),
    z.object({ name: nameField.optional(), method: z.literal('webhook'), config: webhookChannelConfigSchema, enabled: enabledField }).strict(),
  ])
  .meta({
    id: 'CreateNotificationChannelRequest',
    examples: [
      { name: 'ops-email', method: 'email', config: { to: ['ops@example.com'] }, enabled: true },
      { name: 'ops-slack', method: 'slack', config: { webhook_url: 'https://hooks.slack.com/services/T000/B000/XXXX' } },
    ],
  });

export type ChannelInput = z.infer<typeof channelInputSchema>;

export const patchChannelRequestSchema = z
  .object({
    name: nameField.optional(),
    enabled: z.boolean().optional(),
    config: z.record(z.string(), z.unknown()).optional().describe("The whole config of the channel's method (the method cannot change); a webhook channel's secret is kept when absent"),
  })
  .strict()
  .meta({ id: 'PatchNotificationChannelRequest' });

export type PatchChannelRequest = z.infer<typeof patchChannelRequestSchema>;

const channelConfigViewSchema = z.union([
  z.object({ to: z.array(z.string()) }),
  z.object({ webhook_url_hint: z.string().describe('Scheme, host and the last 4 characters of the URL') }),
  z.object({ url: z.string(), has_secret: z.boolean(), secret_last4: z.string().nullable() }),
]);

export const channelSchema = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    name: z.string(),
    method: z.enum(CHANNEL_METHODS),
    config: channelConfigViewSchema.describe('The config without its secrets: email {to}, slack {webhook_url_hint}, webhook {url, has_secret, secret_last4}'),
    enabled: z.boolean(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'NotificationChannel' });

export type ChannelView = z.infer<typeof channelSchema>;

export const listChannelsQuerySchema = z
  .object({
    limit: wholeNumberParam({ min: 1, max: 200, fallback: 50 }).describe('Page size'),
    cursor: z.string().min(1).max(2048).optional().describe('The next_cursor of the previous page'),
  })
  .strict();

export type ListChannelsQuery = z.infer<typeof listChannelsQuerySchema>;

export const channelListSchema = z
  .object({
    items: z.array(channelSchema),
    page: z.object({ limit: z.number().int(), next_cursor: z.string().nullable(), has_more: z.boolean() }),
  })
  .meta({ id: 'NotificationChannelList' });

export type ChannelList = z.infer<typeof channelListSchema>;
