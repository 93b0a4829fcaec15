import { mapInSlices } from './map-in-slices';

/** Holds the thread for `ms`, as serialising a large document does. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('mapInSlices', () => {
  it('maps synchronously, in order, what fits in one slice', () => {
    expect(mapInSlices([1, 2, 3], (n) => n * 2)).toEqual([2, 4, 6]);
    expect(mapInSlices([], (n: number) => n)).toEqual([]);
  });

  it('lets the event loop turn between slices of a long map, and keeps the order', async () => {
    const turns: number[] = [];
    let mapped = 0;
    const tick = () => {
      turns.push(mapped);
      if (mapped < 40) setImmediate(tick);
    };
    setImmediate(tick);
    const result = mapInSlices(
      Array.from({ length: 40 }, (_, i) => i),
      (n) => {
        busyFor(1);
        mapped += 1;
        return n * 2;
      },
      4,
    );
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
    // Turns came while items were still being mapped, several times, and never after more
    // than a slice's worth of items (a few at 1 ms each).
    const during = turns.filter((count) => count > 0 && count < 40);
    expect(during.length).toBeGreaterThanOrEqual(5);
    const steps = during.map((count, index) => count - (during[index - 1] ?? 0));
    expect(Math.max(...steps)).toBeLessThanOrEqual(8);
  });
});
