export * from './orchestrator/job-command-handler';
