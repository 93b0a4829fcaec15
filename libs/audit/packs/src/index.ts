export * from './load-pack-data';
export * from './pack-data-error';
