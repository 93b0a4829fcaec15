export * from './telemetry';
export * from './logger';
export * from './attributes';
export * from './supervision/loop-health';
export * from './supervision/supervised-loop';
export * from './supervision/periodic-sweep';
export * from './event-loop/take-turn';
