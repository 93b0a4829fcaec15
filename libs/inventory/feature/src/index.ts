export * from './read-model/inventory-collections';
export * from './ingest-batch/batch-ingestor';
export * from './ingest-batch/resource-batch.schema';
export * from './reconcile-scope/scope-reconciler';
export * from './reconcile-scope/reconcile-errors';
export * from './reconcile-scope/discovery-finished.schema';
export * from './inventory-service';
export * from './nest/inventory.module';
