export * from './tenant-limits';
export * from './settings-changed';
export * from './plugin-config-defaults';
export * from './notification-trigger-setting';
