import { idSchema, printableText, wholeNumberParam } from '@strata/contracts';
import { z } from 'zod';
import { eventPatternProblem } from '../webhooks/webhook-event-types';

export const webhookIdSchema = idSchema.describe('Webhook id, e.g. wh-3f2a9c1d0b7e6a55');

const urlField = z.string().min(1).max(2048).describe('Where deliveries are POSTed: http(s), a public address (see the SSRF policy)');

const eventsField = z
  .array(z.string().max(100))
  .min(1)
  .max(50)
  .superRefine((events, context) => {
    events.forEach((pattern, index) => {
      const problem = eventPatternProblem(pattern);
      if (problem) context.addIssue({ code: 'custom', path: [index], message: problem });
    });
  })
  .transform((events) => [...new Set(events)])
  .describe('Event types (<category>.<Type>, e.g. finding.FindingOpened), "*" per segment (finding.*, *.*) or "*" for all');

const secretField = z
  .string()
  .min(16)
  .max(256)
  .regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces')
  .describe('HMAC key deliveries are signed with; write-only');

const descriptionField = printableText(500).describe('What the webhook is for');

export const createWebhookRequestSchema = z
  .object({
    url: urlField,
    events: eventsField,
    is_active: z.boolean().default(true),
    secret: secretField.optional().describe('HMAC key (16-256 characters); generated when absent and returned once, in this answer'),
    description: descriptionField.optional(),
  })
  .strict()
  .meta({ id: 'CreateWebhookRequest', examples: [{ url: 'https://hooks.example.com/strata', events: ['finding.*', 'job.JobFailed'] }] });

export type CreateWebhookRequest = z.infer<typeof createWebhookRequestSchema>;

export const patchWebhookRequestSchema = z
  .object({
    url: urlField.optional(),
    events: eventsField.optional(),
    is_active: z.boolean().optional(),
    secret: secretField.optional().describe('A new HMAC key (rotation); the old one stops signing at once'),
    description: descriptionField.nullable().optional().describe('null removes it'),
  })
  .strict()
  .meta({ id: 'PatchWebhookRequest' });

export type PatchWebhookRequest = z.infer<typeof patchWebhookRequestSchema>;

export const webhookSchema = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    is_active: z.boolean(),
    description: z.string().nullable(),
    has_secret: z.literal(true).describe('Every webhook has a secret; it is never returned after the create answer'),
    secret_last4: z.string().describe('The last 4 characters of the secret, to tell which one is configured after a rotation'),
    disabled_reason: z.string().nullable().describe('Why the notifier disabled it (its deliveries failed for 24 h); null otherwise, and cleared by setting is_active again'),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'Webhook' });

export type WebhookView = z.infer<typeof webhookSchema>;

export const createdWebhookSchema = webhookSchema
  .extend({ secret: z.string().describe('The signing secret, shown in this answer only: store it now') })
  .meta({ id: 'CreatedWebhook' });

export type CreatedWebhookView = z.infer<typeof createdWebhookSchema>;

export const listWebhooksQuerySchema = z
  .object({
    limit: wholeNumberParam({ min: 1, max: 200, fallback: 50 }).describe('Page size'),
    cursor: z.string().min(1).max(2048).optional().describe('The next_cursor of the previous page'),
  })
  .strict();

export type ListWebhooksQuery = z.infer<typeof listWebhooksQuerySchema>;

export const webhookListSchema = z
  .object({
    items: z.array(webhookSchema),
    page: z.object({ limit: z.number().int(), next_cursor: z.string().nullable(), has_more: z.boolean() }),
  })
  .meta({ id: 'WebhookList' });

export type WebhookList = z.infer<typeof webhookListSchema>;

export const webhookTestResultSchema = z
  .object({
    delivered: z.boolean().describe('The receiver answered 2xx'),
    status_code: z.number().int().nullable().describe('The receiver\'s status; null when none came (refused, timed out, unreachable)'),
    latency_ms: z.number().int().describe('From sending to the answer (or the failure)'),
    error: z.string().nullable().describe('Why it was not delivered'),
  })
  .meta({ id: 'WebhookTestResult' });

export type WebhookTestResult = z.infer<typeof webhookTestResultSchema>;
