export * from './job-commands';
export * from './job-state';
export * from './job-errors';
export * from './job-decider';
export * from './job-view';
export * from './job-idempotency';
