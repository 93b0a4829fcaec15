export * from './open-sqlite';
export * from './default-sqlite-file';
