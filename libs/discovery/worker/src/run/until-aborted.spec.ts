import { PluginAbortedError } from '@strata/plugins-api';
import { untilAborted } from './until-aborted';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = [];
  for await (const item of items) seen.push(item);
  return seen;
}

describe('untilAborted', () => {
  it('passes every item through when nothing aborts', async () => {
    async function* three() {
      yield* [1, 2, 3];
    }
    expect(await collect(untilAborted(three(), new AbortController().signal))).toEqual([1, 2, 3]);
  });

  it('throws at once on abort even while the plugin waits on something that ignores the signal, and lets it clean up', async () => {
    const controller = new AbortController();
    let release: () => void = () => undefined;
    let cleanedUp = false;
    async function* stuck() {
      try {
        yield 1;
        await new Promise<void>((resolve) => (release = resolve));
        yield 2;
      } finally {
        cleanedUp = true;
      }
    }
    const seen: number[] = [];
    const run = (async () => {
      for await (const item of untilAborted(stuck(), controller.signal)) {
        seen.push(item);
        if (item === 1) setImmediate(() => controller.abort());
      }
    })();
    await expect(run).rejects.toBeInstanceOf(PluginAbortedError);
    expect(seen).toEqual([1]);
    expect(cleanedUp).toBe(false);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(cleanedUp).toBe(true);
  });

  it('passes the plugin’s own error on', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('boom');
    }
    await expect(collect(untilAborted(failing(), new AbortController().signal))).rejects.toThrow('boom');
  });

  it('keeps nothing per item once it has passed: one listener on the signal, however long the run', async () => {
    const signal = new AbortController().signal;
    const added = jest.spyOn(signal, 'addEventListener');
    const removed = jest.spyOn(signal, 'removeEventListener');
    async function* many() {
      for (let i = 0; i < 1_000; i++) yield i;
    }
    expect(await collect(untilAborted(many(), signal))).toHaveLength(1_000);
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledTimes(1);
  });
});
