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

  describe('runAll', () => {
    it('waits for every earlier holder of any of its keys, and only for them', async () => {
      const lock = new KeyedLock();
      const gate = deferred();
      const events: string[] = [];
      const holdsB = lock.run('b', async () => {
        await gate.promise;
        events.push('b released');
      });
      const needsAB = lock.runAll(['a', 'b'], async () => void events.push('a+b ran'));
      const needsC = lock.runAll(['c', 'c'], async () => 'c ran');
      await expect(needsC).resolves.toBe('c ran');
      // a is free, b is not: a+b waits, and holds a meanwhile.
      const needsA = lock.run('a', async () => void events.push('a ran'));
      await Promise.resolve();
      expect(events).toEqual([]);
      gate.resolve();
      await Promise.all([holdsB, needsAB, needsA]);
      expect(events).toEqual(['b released', 'a+b ran', 'a ran']);
    });

    it('cannot deadlock: tasks queue on all their keys at once, in call order', async () => {
      const lock = new KeyedLock();
      const order: string[] = [];
      await Promise.all([
        lock.runAll(['x', 'y'], async () => void order.push('xy')),
        lock.runAll(['y', 'x'], async () => void order.push('yx')),
        lock.runAll(['x'], async () => void order.push('x')),
      ]);
      expect(order).toEqual(['xy', 'yx', 'x']);
    });
  });
});
