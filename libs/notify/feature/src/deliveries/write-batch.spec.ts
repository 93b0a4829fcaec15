import fc from 'fast-check';
import { WriteBatch } from './write-batch';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('WriteBatch', () => {
  it('writes the items added in one turn together, and answers each its own result', async () => {
    const writes: number[][] = [];
    const batch = new WriteBatch<number, number>(async (items) => {
      writes.push(items);
      return items.map((item) => item * 10);
    });
    const results = await Promise.all([batch.add(1), batch.add(2), batch.add(3)]);
    expect(results).toEqual([10, 20, 30]);
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it('rejects the items of a failed batch only', async () => {
    const batch = new WriteBatch<number>(async (items) => {
      if (items.includes(13)) throw new Error('the write failed');
      return items.map(() => undefined);
    });
    const failed = [batch.add(12), batch.add(13)];
    await expect(Promise.all(failed)).rejects.toThrow('the write failed');
    await expect(failed[0]).rejects.toThrow('the write failed');
    await nextTurn();
    await expect(batch.add(14)).resolves.toBeUndefined();
  });

  it('writes every item once, in order, one batch at a time, at most maxItems each', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 8 }), async (turns, maxItems) => {
        const written: number[] = [];
        let writing = 0;
        let overlapped = false;
        const batch = new WriteBatch<number, number>(async (items) => {
          writing += 1;
          if (writing > 1) overlapped = true;
          if (items.length > maxItems) throw new Error(`a batch of ${items.length}`);
          await nextTurn();
          written.push(...items);
          writing -= 1;
          return items.map((item) => -item);
        }, maxItems);
        const added: Promise<number>[] = [];
        let next = 0;
        for (const count of turns) {
          for (let index = 0; index < count; index++) added.push(batch.add(next++));
          await nextTurn();
        }
        const results = await Promise.all(added);
        expect(overlapped).toBe(false);
        expect(written).toEqual(Array.from({ length: next }, (_, index) => index));
        expect(results).toEqual(written.map((item) => -item));
      }),
      { numRuns: 60 },
    );
  });
});
