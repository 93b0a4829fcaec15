export * from './rule-packs';
export * from './built-in-prices';
