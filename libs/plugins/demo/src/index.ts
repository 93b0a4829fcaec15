export * from './demo-config';
export * from './demo-estate';
export * from './demo-plugin';
