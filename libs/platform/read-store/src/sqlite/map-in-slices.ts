import { takeTurn } from '@strata/platform-observability';

/**
 * How long one slice of a long synchronous loop (serialising a batch's documents) may hold the
 * event loop before it lets the loop turn: a request arriving meanwhile waits at most about this.
 */
export const SLICE_MS = 4;

/**
 * `items.map(fn)`, run in slices of about `sliceMs`, each in a turn of the event loop of its own
 * ({@link takeTurn}: I/O is polled between any two slices, whoever's), so a large batch does not
 * hold HTTP and NATS for as long as it takes. Synchronous (an array) when
 * the whole map fits in one slice, as small writes do; a promise otherwise.
 */
export function mapInSlices<T, R>(items: readonly T[], fn: (item: T) => R, sliceMs = SLICE_MS): R[] | Promise<R[]> {
  if (items.length === 0) return [];
  const results: R[] = new Array<R>(items.length);
  const next = mapSlice(items, fn, results, 0, sliceMs);
  return next === items.length ? results : continueInSlices(items, fn, results, next, sliceMs);
}

async function continueInSlices<T, R>(items: readonly T[], fn: (item: T) => R, results: R[], from: number, sliceMs: number): Promise<R[]> {
  let next = from;
  while (next < items.length) {
    await takeTurn();
    next = mapSlice(items, fn, results, next, sliceMs);
  }
  return results;
}

/** Maps from `from` until the slice's time is up (at least one item); returns the next index. */
function mapSlice<T, R>(items: readonly T[], fn: (item: T) => R, results: R[], from: number, sliceMs: number): number {
  const endsAt = performance.now() + sliceMs;
  let index = from;
  do {
    results[index] = fn(items[index]!);
    index += 1;
    // A clock read (tens of ns) is little beside serialising a document (µs).
  } while (index < items.length && performance.now() < endsAt);
  return index;
}
