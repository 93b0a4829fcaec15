export * from './resources';
export * from './work-item';
export * from './plugin-catalog';
