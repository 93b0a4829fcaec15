export * from './open-sqlite';
export * from './default-sqlite-file';
export * from './write-transaction-queue';
