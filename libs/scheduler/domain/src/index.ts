export * from './schedule-commands';
export * from './schedule-state';
export * from './schedule-errors';
export * from './schedule-timing';
export * from './schedule-decider';
export * from './schedule-view';
export * from './schedule-requests';
