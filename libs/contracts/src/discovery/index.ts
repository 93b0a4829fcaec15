export * from './resources';
export * from './work-item';
