export * from './orchestrator/job-command-handler';
export * from './orchestrator/job-rpc';
export * from './orchestrator/job-orchestrator';
export * from './read-model/jobs-collection';
export * from './read-model/job-projection';
export * from './read-model/job-queries';
export * from './nest/job-orchestrator.module';
export * from './nest/job-projection.module';
