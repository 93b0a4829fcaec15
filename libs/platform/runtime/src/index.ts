export * from './storage.module';
export * from './run-service';
