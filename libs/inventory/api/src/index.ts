export { GraphApiModule } from './graph-api.module';
export { GraphApiService } from './graph-api.service';
export * from './graph-api.schemas';
export { JobChangeSummaryReader, toSummaryView } from './job-changes/job-change-summary-reader';
export * from './job-changes/job-changes.schemas';
