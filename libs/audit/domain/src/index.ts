export * from './rule';
export * from './starter-rules';
export * from './evaluate';
export * from './finding-record';
export * from './frameworks/framework';
export * from './frameworks/posture';
export * from './pricing/price-table';
