export * from './service-fixture';
export * from './stored-events';
export * from './job-reports';
export * from './loop-failures';
export * from './nats-transport-app';
