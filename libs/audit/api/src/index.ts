export { FindingsApiModule } from './findings-api.module';
export { FindingsApiService } from './findings-api.service';
export { FindingsCatalog, FINDINGS_CATALOG } from './findings-catalog';
export * from './findings-api.schemas';
export { MutesApiService } from './mutes/mutes-api.service';
export * from './mutes/mutes.schemas';
