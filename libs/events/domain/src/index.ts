export * from './event-type-filter';
export * from './feed-position';
export * from './feed-retention';
export * from './asyncapi-document';
