export * from './plugin-catalog';
export * from './plugin-catalog.module';
