import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { InvalidEventTypeFilterError, parseEventTypeFilter, type EventTypeFilter } from '@strata/events-domain';
import { acceptingListEnvelope, ApiRoute, Permissions, RequestValidationError, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { EventFeedReader, type FeedPage } from '../feed-store/event-feed-reader';
import { eventFeedPageSchema, listEventsQuerySchema, type ListEventsQuery } from './event-feed-schemas';

/** `GET /api/v1/tenants/{tenantID}/events`: the tenant's event feed. */
@Controller('api/v1/tenants/:tenantID/events')
export class ListEventsController {
  constructor(@Inject(EventFeedReader) private readonly feed: EventFeedReader) {}

  @Get()
  @RequirePermissions(Permissions.eventsRead)
  @ApiRoute({
    summary: 'List events (the event feed)',
    description:
      'The tenant\'s events, each exactly the envelope published on NATS and sent to webhooks (`id`, `type`, `tenant_id`, `time`, `version`, `data`), ' +
      'oldest recorded first. Keyset pages: pass `page.next_cursor` as `cursor` (with the same `type` and `since`) until `has_more` is false. ' +
      '`next_cursor` is given on the last page too: poll again later with it to get only what was recorded since. ' +
      'Events are kept `STRATA_EVENT_FEED_RETENTION_DAYS` (30) days.',
    tags: ['events'],
    operationId: 'listEvents',
    responses: { 200: eventFeedPageSchema },
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(acceptingListEnvelope(listEventsQuerySchema)) query: ListEventsQuery): Promise<FeedPage> {
    return this.feed.list(tenantId, { limit: query.limit, types: typeFilter(query.type), since: query.since, cursor: query.cursor });
  }
}

function typeFilter(raw: string | undefined): EventTypeFilter {
  try {
    return parseEventTypeFilter(raw);
  } catch (error) {
    if (error instanceof InvalidEventTypeFilterError) {
      throw new RequestValidationError('The type filter is not valid', error.problems.map((message) => ({ path: 'type', message })));
    }
    throw error;
  }
}
