export * from './plugin-catalog';
