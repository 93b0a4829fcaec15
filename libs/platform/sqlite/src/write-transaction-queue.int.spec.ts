import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir, type TempDir } from '@strata/testing';
import { openSqlite } from './open-sqlite';
import { WriteTransactionQueue } from './write-transaction-queue';

describe('WriteTransactionQueue', () => {
  let dir: TempDir;
  let db: DatabaseSync;
  let other: DatabaseSync;
  beforeEach(async () => {
    dir = await makeTempDir();
    const file = join(dir.path, 'strata.db');
    db = openSqlite(file);
    other = openSqlite(file);
    db.exec('CREATE TABLE t (v INTEGER)');
  });
  afterEach(async () => {
    if (other.isTransaction) other.exec('ROLLBACK');
    db.close();
    other.close();
    await dir.remove();
  });

  const insert = (v: number) => () => {
    db.prepare('INSERT INTO t VALUES (?)').run(v);
    return v;
  };
  const values = () => other.prepare('SELECT v FROM t ORDER BY rowid').all().map((row) => row['v']);

  it('commits at once, before run returns, when the lock is free', async () => {
    const queue = new WriteTransactionQueue(db, { busyTimeoutMs: 1_000 });
    const done = queue.run(insert(1));
    expect(values()).toEqual([1]);
    await expect(done).resolves.toBe(1);
  });

  it("waits for another connection's lock on a timer, so the event loop goes on, then commits", async () => {
    const queue = new WriteTransactionQueue(db, { busyTimeoutMs: 5_000 });
    other.exec('BEGIN IMMEDIATE');
    const order: string[] = [];
    const done = queue.run(() => {
      order.push('work');
      return insert(1)();
    });
    // A synchronous wait would hold this thread, so the other connection could never commit.
    await sleep(30);
    order.push('timer');
    other.exec('COMMIT');
    await expect(done).resolves.toBe(1);
    expect(order).toEqual(['timer', 'work']);
    expect(values()).toEqual([1]);
  });

  it('runs the work in the same stretch as the BEGIN that took the lock: no microtask sees it held', async () => {
    // A microtask run while the lock is held that opened a transaction on another connection of
    // this thread would wait inside SQLite for a lock only this thread can release.
    const heldWhenMicrotasksRan: boolean[] = [];
    const exec = db.exec.bind(db);
    db.exec = (sql: string) => {
      exec(sql);
      if (sql === 'BEGIN IMMEDIATE') queueMicrotask(() => heldWhenMicrotasksRan.push(db.isTransaction));
    };
    const queue = new WriteTransactionQueue(db, { busyTimeoutMs: 5_000 });
    other.exec('BEGIN IMMEDIATE');
    const waited = queue.run(insert(1));
    await sleep(20);
    other.exec('COMMIT');
    await waited;
    await queue.run(insert(2));
    expect(heldWhenMicrotasksRan).toEqual([false, false]);
    expect(values()).toEqual([1, 2]);
  });

  it('starts transactions in the order they were asked for, even once the lock is free again', async () => {
    const queue = new WriteTransactionQueue(db, { busyTimeoutMs: 5_000 });
    other.exec('BEGIN IMMEDIATE');
    const first = [queue.run(insert(1)), queue.run(insert(2))];
    await sleep(20);
    other.exec('COMMIT');
    // Asked for while two wait: it goes behind them even though nothing holds the lock now.
    const third = queue.run(insert(3));
    await Promise.all([...first, third]);
    expect(values()).toEqual([1, 2, 3]);
  });

  it("fails with SQLite's busy error once the busy timeout has passed, and the queue goes on", async () => {
    const queue = new WriteTransactionQueue(db, { busyTimeoutMs: 60 });
    other.exec('BEGIN IMMEDIATE');
    const startedAt = performance.now();
    await expect(queue.run(insert(1))).rejects.toMatchObject({ message: 'database is locked' });
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(55);
    other.exec('COMMIT');
    await expect(queue.run(insert(2))).resolves.toBe(2);
    expect(values()).toEqual([2]);
    expect(db.prepare('PRAGMA busy_timeout').get()).toEqual({ timeout: 60 });
  });

  it('rolls back a transaction whose work throws; the next ones still run', async () => {
    const queue = new WriteTransactionQueue(db, { busyTimeoutMs: 5_000 });
    other.exec('BEGIN IMMEDIATE');
    const failing = queue.run(() => {
      insert(1)();
      throw new Error('boom');
    });
    const next = queue.run(insert(2));
    other.exec('COMMIT');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe(2);
    expect(values()).toEqual([2]);
    expect(db.isTransaction).toBe(false);
  });
});
