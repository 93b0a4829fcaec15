export * from './rule-packs';
