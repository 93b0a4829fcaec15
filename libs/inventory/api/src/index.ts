export { GraphApiModule } from './graph-api.module';
export { GraphApiService } from './graph-api.service';
export * from './graph-api.schemas';
