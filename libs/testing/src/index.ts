export * from './wait-for';
export * from './temp-dir';
export * from './namespace';
export * from './free-port';
export * from './nats-server';
export * from './decider-spec';
export * from './process-runner';
export * from './seeded-random';
