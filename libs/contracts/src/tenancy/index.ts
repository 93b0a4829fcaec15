export * from './tenant-limits';
export * from './settings-changed';
