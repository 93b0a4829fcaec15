export * from './content-hash';
export * from './sighting';
export * from './node-record';
export * from './edge-record';
export * from './batch-plan';
export * from './node-history';
export * from './cloud-node-links';
