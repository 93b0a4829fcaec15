export * from './content-hash';
export * from './node-record';
