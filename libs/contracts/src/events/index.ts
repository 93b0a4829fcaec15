export * from './event-envelope';
export * from './event-catalog';
export * from './same-shape';
export { jobEventDataSchemas } from './job-event-data';
export { scheduleEventDataSchemas } from './schedule-event-data';
export * from './finding-event-data';
export { settingsChangedEventDataSchema } from './settings-event-data';
export * from './webhook-event-data';
export * from './inventory-event-data';
