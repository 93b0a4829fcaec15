import { idSchema, wholeNumberParam } from '@strata/contracts';
import { z } from 'zod';

export const deliveryIdSchema = idSchema.describe('Delivery id, e.g. dl-3f2a9c1d0b7e6a55…; also the X-Strata-Delivery header');

export const listDeliveriesQuerySchema = z
  .object({
    limit: wholeNumberParam({ min: 1, max: 200, fallback: 50 }).describe('Page size'),
    cursor: z.string().min(1).max(2048).optional().describe('The next_cursor of the previous page'),
  })
  .strict();

export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuerySchema>;

const attemptSchema = z
  .object({
    attempt: z.number().int().describe('From 1'),
    at: z.iso.datetime().describe('When it was sent'),
    status_code: z.number().int().nullable().describe('The receiver\'s status; null when none came'),
    latency_ms: z.number().int(),
    error: z.string().nullable(),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });

export const deliverySchema = z
  .object({
    id: z.string().describe('Also the X-Strata-Delivery header of every attempt: receivers deduplicate on it'),
    webhook_id: z.string(),
    event_id: z.string().describe('The event envelope\'s id (the body\'s `id`)'),
    event: z.string().describe('The event type, e.g. finding.FindingOpened'),
    status: z
      .enum(['pending', 'delivered', 'failed'])
      .describe('pending: an attempt is due at next_attempt_at; delivered: the receiver answered 2xx; failed: final (a 4xx other than 408/429, a refused target, 24 h of retries used up, the webhook inactive or deleted)'),
    attempt: z.number().int().describe('Attempts made so far'),
    status_code: z.number().int().nullable().describe('The last attempt\'s status; null when none came (or none was made)'),
    latency_ms: z.number().int().nullable().describe('The last attempt\'s latency'),
    error: z.string().nullable().describe('Why the last attempt did not deliver'),
    next_attempt_at: z.iso.datetime().nullable().describe('When the next attempt is due; null unless pending'),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    attempts: z.array(attemptSchema).describe('The last 30 attempts, oldest first'),
  })
  .meta({ id: 'WebhookDelivery' });

export type DeliveryView = z.infer<typeof deliverySchema>;

export const deliveryListSchema = z
  .object({
    items: z.array(deliverySchema),
    page: z.object({ limit: z.number().int(), next_cursor: z.string().nullable(), has_more: z.boolean() }),
  })
  .meta({ id: 'WebhookDeliveryList' });

export type DeliveryList = z.infer<typeof deliveryListSchema>;
