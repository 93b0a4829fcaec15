export * from './http/schedules-api.module';
export * from './http/schedule-schemas';
export * from './schedule-store/schedules-collection';
export * from './schedule-store/schedule-command-handler';
export * from './schedule-store/schedule-reader';
