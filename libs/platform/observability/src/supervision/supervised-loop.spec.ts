import { waitFor } from '@strata/testing';
import { LoopHealth } from './loop-health';
import { SupervisedLoop } from './supervised-loop';

describe('SupervisedLoop', () => {
  const fast = { initialBackoffMs: 5, maxBackoffMs: 20, healthyAfterMs: 60_000 };

  it('starts a failed body again with backoff, shows it down meanwhile, and up once it says it is healthy', async () => {
    const health = new LoopHealth();
    let starts = 0;
    let release!: () => void;
    const loop = new SupervisedLoop({
      name: 'relay:events',
      health,
      ...fast,
      run: async (signal, healthy) => {
        starts += 1;
        if (starts <= 3) throw new Error(`failure ${starts}`);
        healthy();
        await new Promise<void>((resolve) => {
          release = resolve;
          signal.addEventListener('abort', () => resolve());
        });
      },
    });
    loop.start();
    await waitFor(() => starts === 3, { message: 'three failed starts' });
    expect(health.downLoops()).toEqual([{ name: 'relay:events', downSince: expect.any(String), failures: expect.any(Number) }]);
    await waitFor(() => starts === 4 && health.downLoops().length === 0, { message: 'a healthy fourth start' });
    expect(loop.restarts).toBe(3);
    await loop.stop();
    release();
  });

  it('treats a body that ends without being stopped as failed', async () => {
    const health = new LoopHealth();
    let starts = 0;
    const loop = new SupervisedLoop({ name: 'projection:jobs', health, ...fast, run: async () => void (starts += 1) });
    loop.start();
    await waitFor(() => starts >= 2 && health.downLoops().length === 1, { message: 'a restart after the body ended' });
    await loop.stop();
    expect(health.downLoops()).toEqual([]);
  });

  it('counts a restarted body that stays up for healthyAfterMs as recovered', async () => {
    const health = new LoopHealth();
    let starts = 0;
    const loop = new SupervisedLoop({
      name: 'sweep',
      health,
      initialBackoffMs: 5,
      healthyAfterMs: 30,
      run: async (signal) => {
        starts += 1;
        if (starts === 1) throw new Error('once');
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    });
    loop.start();
    await waitFor(() => starts === 2, { message: 'the restart' });
    expect(health.downLoops().map((d) => d.name)).toEqual(['sweep']);
    await waitFor(() => health.downLoops().length === 0, { message: 'recovery after running a while' });
    await loop.stop();
  });

  it('stops while waiting to restart without waiting out the backoff, leaving no timer behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const health = new LoopHealth();
    let starts = 0;
    // A backoff far beyond the test's timeout: stop() resolving at all shows it did not wait.
    const loop = new SupervisedLoop({ name: 'slow-restart', health, initialBackoffMs: 600_000, run: async () => void (starts += 1) });
    loop.start();
    await waitFor(() => health.downLoops().length === 1, { message: 'the first failure' });
    await loop.stop();
    expect(starts).toBe(1);
    expect(health.downLoops()).toEqual([]);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
