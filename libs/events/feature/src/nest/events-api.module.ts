import { Module } from '@nestjs/common';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE } from '@strata/platform-runtime';
import { AsyncApiController } from '../asyncapi/asyncapi.controller';
import { EventFeedReader } from '../feed-store/event-feed-reader';
import { ListEventTypesController } from '../list-event-types/list-event-types.controller';
import { ListEventsController } from '../list-events/list-events.controller';

/**
 * The events API, in the gateway: the feed (`GET /api/v1/tenants/{tenantID}/events`,
 * `events:read`), the catalog (`GET /api/v1/events/types`, any token) and the AsyncAPI document
 * (`GET /api/v1/asyncapi.json`, public). Needs the read store under READ_STORE.
 */
@Module({
  controllers: [ListEventsController, ListEventTypesController, AsyncApiController],
  providers: [{ provide: EventFeedReader, inject: [READ_STORE], useFactory: (readStore: ReadStore) => new EventFeedReader(readStore) }],
})
export class EventsApiModule {}

