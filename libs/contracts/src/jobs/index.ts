export * from './job-vocabulary';
export * from './job-events';
export * from './job-reports';
