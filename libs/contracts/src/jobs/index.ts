export * from './job-vocabulary';
export * from './job-events';
