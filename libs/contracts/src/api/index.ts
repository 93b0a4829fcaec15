export * from './errors';
export * from './jobs';
export * from './query-params';
export * from './text';
export * from './job-creator';
