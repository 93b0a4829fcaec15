export * from './schedule-events';
export * from './schedule-timing';
export * from './schedule-requests';
