export * from './api-gateway.module';
export * from './report-sources';
