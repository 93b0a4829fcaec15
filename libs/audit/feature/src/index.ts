export * from './read-model/audit-collections';
export * from './evaluate-scope/scope-evaluator';
export * from './evaluate-scope/inventory-reconciled.schema';
export * from './audit-engine';
export * from './nest/audit-engine.module';
export * from './audit-inputs';
export * from './tenant-rules/tenant-rule-book';
export * from './evaluate-scope/neighbourhood-loader';
