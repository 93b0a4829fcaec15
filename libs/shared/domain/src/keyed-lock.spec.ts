import { KeyedLock } from './keyed-lock';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('KeyedLock', () => {
  it('runs tasks of one key one after the other', async () => {
    const lock = new KeyedLock();
    const gate = deferred();
    const events: string[] = [];
    const first = lock.run('acme', async () => {
      events.push('first started');
      await gate.promise;
      events.push('first done');
    });
    const second = lock.run('acme', async () => {
      events.push('second started');
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(events).toEqual(['first started']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(events).toEqual(['first started', 'first done', 'second started']);
  });

  it('runs tasks of different keys at the same time', async () => {
    const lock = new KeyedLock();
    const gate = deferred();
    const blocked = lock.run('acme', () => gate.promise);
    await expect(lock.run('globex', async () => 'ran')).resolves.toBe('ran');
    gate.resolve();
    await blocked;
  });

  it('goes on after a failed task, which still reports its failure', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('acme', async () => {
      throw new Error('boom');
    });
    const next = lock.run('acme', async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
