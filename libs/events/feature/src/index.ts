export * from './nest/events-api.module';
export * from './nest/event-feed-recorder.module';
export * from './feed-store/event-feed-collection';
export * from './feed-store/event-feed-reader';
export * from './record-event/event-recorder';
export { EVENT_FEED_DURABLE } from './record-event/record-event.consumer';
export * from './prune-feed/event-feed-pruner';
export { ASYNCAPI_JSON_PATH } from './asyncapi/asyncapi.controller';
export * from './list-events/event-feed-schemas';
