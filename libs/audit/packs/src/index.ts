export * from './rule-packs';
export * from './built-in-prices';
export * from './load-pack-data';
export * from './pack-data-error';
