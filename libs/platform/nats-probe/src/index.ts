export * from './nats-address';
export * from './nats-greets';
