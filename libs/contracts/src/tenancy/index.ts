export * from './tenant-limits';
