import { mapBounded, mergeBounded } from './bounded';

/** A source that yields `items` once released, counting how many sources run at once. */
function tracked(items: number[], gauge: { now: number; max: number }, gate: Promise<void>) {
  return async function* source(): AsyncGenerator<number> {
    gauge.now++;
    gauge.max = Math.max(gauge.max, gauge.now);
    try {
      await gate;
      for (const item of items) yield item;
    } finally {
      gauge.now--;
    }
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('mergeBounded', () => {
  it('yields every item of every source, running at most `limit` sources at once', async () => {
    const gauge = { now: 0, max: 0 };
    const sources = Array.from({ length: 10 }, (_, n) => tracked([n * 10, n * 10 + 1], gauge, Promise.resolve()));
    const items = await collect(mergeBounded(sources, 3));
    expect(items.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, n) => [n * 10, n * 10 + 1]).flat());
    expect(gauge.max).toBe(3);
  });

  it('fails with the first failure, tells `onFailure`, and closes the running sources', async () => {
    const gauge = { now: 0, max: 0 };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      release();
      throw new Error('boom');
    }
    const onFailure = jest.fn();
    await expect(collect(mergeBounded([failing, tracked([2, 3, 4], gauge, gate)], 2, onFailure))).rejects.toThrow('boom');
    expect(onFailure).toHaveBeenCalledTimes(1);
    await gate;
    // The other source is closed once its pending step settles.
    await new Promise((resolve) => setImmediate(resolve));
    expect(gauge.now).toBe(0);
  });

  it('asks a source for its next item only once the last one was taken', async () => {
    let produced = 0;
    async function* counting(): AsyncGenerator<number> {
      for (let n = 0; n < 100; n++) {
        produced++;
        yield n;
      }
    }
    const merged = mergeBounded([counting], 1);
    await merged.next();
    await merged.next();
    expect(produced).toBeLessThanOrEqual(3);
    await merged.return(undefined);
  });
});

describe('mapBounded', () => {
  it('keeps the order of its input with at most `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return n * 2;
    });
    expect(results).toEqual([10, 2, 8, 4, 6]);
    expect(most).toBe(2);
  });

  it('starts no further call after one failed', async () => {
    const started: number[] = [];
    const run = mapBounded([1, 2, 3, 4, 5], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('no');
      return n;
    });
    await expect(run).rejects.toThrow('no');
    expect(started).toEqual([1, 2]);
  });
});
