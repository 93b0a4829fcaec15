export * from './discovery-plugin';
