export * from './subjects';
export * from './jobs';
export * from './discovery';
export * from './api';
export * from './credentials';
export * from './tenancy';
export * from './errors/domain-error';
export * from './schedules';
