export * from './schedule-timing';
