import { Controller, Get } from '@nestjs/common';
import { EVENT_CATALOG } from '@strata/contracts';
import { eventDataJsonSchema } from '@strata/events-domain';
import { answerUnpagedList, ApiRoute, listOrEnvelopeSchema, unpagedListQuerySchema, ZodQuery, type CursorEnvelope, type UnpagedListQuery } from '@strata/platform-http';
import { eventTypeListSchema, eventTypeSchema, type EventTypeList } from './event-types.schemas';

/** `GET /api/v1/events/types`: the event catalog. Not tenant scoped: any valid token may read it. */
@Controller('api/v1/events/types')
export class ListEventTypesController {
  private readonly types: EventTypeList = {
    items: EVENT_CATALOG.map((event) => ({
      type: event.type,
      category: event.category,
      description: event.description,
      version: event.version,
      subject: event.subject,
      schema: eventDataJsonSchema(event),
    })),
  };

  @Get()
  @ApiRoute({
    summary: 'List event types',
    description:
      'Every event type published on NATS (`events.<tenant>.<category>.<Name>`), listed by the feed and sent to webhooks: its description, ' +
      'the version of its data, its subject and the JSON Schema of its `data`. The AsyncAPI document (`/api/v1/asyncapi.json`) describes the same. ' +
      '`envelope=true`: in the cursor envelope (one page unless `limit` is given).',
    tags: ['events'],
    operationId: 'listEventTypes',
    responses: { 200: listOrEnvelopeSchema(eventTypeListSchema, eventTypeSchema, 'EventTypeListEnvelope') },
  })
  list(@ZodQuery(unpagedListQuerySchema) query: UnpagedListQuery): EventTypeList | CursorEnvelope<EventTypeList['items'][number]> {
    return answerUnpagedList(query, { id: 'event-types', own: () => this.types, items: (own) => own.items, keyOf: (type) => type.type });
  }
}
