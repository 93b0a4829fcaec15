export * from './errors';
export * from './jobs';
export * from './query-params';
