export * from './cluster-finding';
export * from './action-plan/shell-quote';
export * from './action-plan/step-templates';
export * from './action-plan/rightsize-steps';
export * from './action-plan/action-plan';
export * from './governance/governance-report';
