import { statSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@strata/testing';
import { immediateTransaction, openSqlite } from './open-sqlite';

describe('openSqlite', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.remove());

  it('opens a shared file in WAL mode, creating its directory', () => {
    const db = openSqlite(join(dir.path, 'nested', 'strata.db'));
    const mode = db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
    expect(mode.journal_mode).toBe('wal');
    db.close();
  });

  it('creates the file, its write-ahead log and shared memory 0600, and its directory 0700, whatever the umask', () => {
    const file = join(dir.path, 'data', 'strata.db');
    const previous = process.umask(0);
    let db: ReturnType<typeof openSqlite> | undefined;
    try {
      db = openSqlite(file);
      db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
      const modes = Object.fromEntries(['', '-wal', '-shm'].map((suffix) => [`strata.db${suffix}`, statSync(`${file}${suffix}`).mode & 0o777]));
      expect(modes).toEqual({ 'strata.db': 0o600, 'strata.db-wal': 0o600, 'strata.db-shm': 0o600 });
      expect(statSync(join(dir.path, 'data')).mode & 0o777).toBe(0o700);
    } finally {
      db?.close();
      process.umask(previous);
    }
  });

  it('lets the write-ahead log grow to 64 MiB before a checkpoint, on every connection', () => {
    const db = openSqlite(join(dir.path, 'strata.db'));
    expect(db.prepare('PRAGMA wal_autocheckpoint').get()).toEqual({ wal_autocheckpoint: 16_384 });
    expect(db.prepare('PRAGMA journal_size_limit').get()).toEqual({ journal_size_limit: 64 * 1024 * 1024 });
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 1 });
    db.close();
  });

  it('rolls a failed transaction back and keeps earlier commits', () => {
    const file = join(dir.path, 'strata.db');
    const writer = openSqlite(file);
    const reader = openSqlite(file);
    writer.exec('CREATE TABLE t (v INTEGER)');
    immediateTransaction(writer, () => writer.prepare('INSERT INTO t VALUES (1)').run());
    expect(() =>
      immediateTransaction(writer, () => {
        writer.prepare('INSERT INTO t VALUES (2)').run();
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(reader.prepare('SELECT v FROM t').all()).toEqual([{ v: 1 }]);
    writer.close();
    reader.close();
  });
});
