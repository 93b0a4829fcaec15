import { eventEnvelopeSchema, wholeNumberParam } from '@strata/contracts';
import { z } from 'zod';

export const DEFAULT_EVENT_PAGE = 50;
export const MAX_EVENT_PAGE = 200;

export const listEventsQuerySchema = z
  .object({
    limit: wholeNumberParam({ min: 1, max: MAX_EVENT_PAGE, fallback: DEFAULT_EVENT_PAGE }).describe('Page size, 1 to 200 (default 50)'),
    cursor: z.string().min(1).max(2_000).optional().describe('page.next_cursor of the previous answer (same type and since)'),
    type: z
      .string()
      .max(2_000)
      .optional()
      .describe('Event types, comma-separated: exact (`job.JobFailed`) or with `*` for a whole segment (`finding.*`, `*.AuditCompleted`); `*` for all'),
    since: z.iso.datetime({ offset: true }).optional().describe('Only events whose `time` is at or after this ISO 8601 time'),
  })
  .strict();

export type ListEventsQuery = z.infer<typeof listEventsQuerySchema>;

export const eventFeedPageSchema = z
  .object({
    items: z.array(eventEnvelopeSchema).describe('Event envelopes, oldest recorded first'),
    page: z.object({
      limit: z.number().int(),
      next_cursor: z.string().nullable().describe('Resumes after the last item: given on the last page too, so a poller keeps polling with it'),
      has_more: z.boolean(),
    }),
  })
  .meta({ id: 'EventFeedPage' });

export type EventFeedPage = z.infer<typeof eventFeedPageSchema>;
