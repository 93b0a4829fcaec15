export * from './open-sqlite';
export * from './make-directory';
export * from './default-sqlite-file';
export * from './write-transaction-queue';
