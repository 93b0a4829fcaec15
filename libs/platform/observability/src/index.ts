export * from './telemetry';
export * from './logger';
export * from './attributes';
