export * from './subjects';
export * from './jobs';
