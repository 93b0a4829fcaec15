export * from './decider';
export * from './canonical-json';
export * from './keyed-lock';
export * from './change-throttle';
