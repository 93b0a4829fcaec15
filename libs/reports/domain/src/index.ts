export * from './report-vocabulary';
export * from './report-content';
export * from './report-retention';
export * from './findings-tally';
export * from './inventory-tally';
