export * from './event-subject';
export * from './event-relay';
export * from './event-relay.module';
