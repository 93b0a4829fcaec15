/**
 * Runs at most `limit` of the sources at once and yields their items as they come. Each running
 * source has at most one item requested, so a slow consumer slows the sources down (backpressure)
 * instead of buffering their output. The first source to fail fails the merge; the others are
 * then closed (and `onFailure` is the moment to abort their in-flight calls).
 */
export async function* mergeBounded<T>(sources: Iterable<() => AsyncIterable<T>>, limit: number, onFailure?: () => void): AsyncGenerator<T> {
  type Step = { iterator: AsyncIterator<T>; result: IteratorResult<T> };
  const waiting = sources[Symbol.iterator]();
  const running = new Map<AsyncIterator<T>, Promise<Step>>();
  const pull = (iterator: AsyncIterator<T>): void => {
    running.set(
      iterator,
      iterator.next().then((result) => ({ iterator, result })),
    );
  };
  const startMore = (): void => {
    while (running.size < limit) {
      const next = waiting.next();
      if (next.done) return;
      pull(next.value()[Symbol.asyncIterator]());
    }
  };

  let completed = false;
  try {
    startMore();
    while (running.size > 0) {
      const { iterator, result } = await Promise.race(running.values());
      if (result.done) {
        running.delete(iterator);
        startMore();
      } else {
        pull(iterator);
        yield result.value;
      }
    }
    completed = true;
  } finally {
    if (!completed) {
      onFailure?.();
      for (const [iterator, step] of running) {
        // The pending step settles later; nobody awaits it, so it must not become unhandled.
        step.then(
          () => void iterator.return?.()?.catch(() => undefined),
          () => undefined,
        );
      }
    }
  }
}

/**
 * `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. After
 * a failure no further call starts.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
