export * from './event-subject';
export * from './event-relay';
