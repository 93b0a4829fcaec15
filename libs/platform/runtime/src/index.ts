export * from './storage.module';
export * from './run-service';
export * from './ensure-nats-server';
export * from './run-with-app';
export * from './port-preflight';
export * from './listen-address';
export * from './boot-service';
export * from './nats-transport';
