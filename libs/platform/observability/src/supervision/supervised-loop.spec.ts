import { waitFor } from '@strata/testing';
import { LoopHealth } from './loop-health';
import { SupervisedLoop } from './supervised-loop';

describe('SupervisedLoop', () => {
  const fast = { initialBackoffMs: 5, maxBackoffMs: 20, healthyAfterMs: 60_000 };

  it('starts a failed body again with backoff, shows it down meanwhile, and up once it says it is healthy', async () => {
    const health = new LoopHealth();
    let starts = 0;
    let failThird!: () => void;
    const thirdMayFail = new Promise<void>((resolve) => (failThird = resolve));
    const loop = new SupervisedLoop({
      name: 'relay:events',
      health,
      ...fast,
      run: async (signal, healthy) => {
        starts += 1;
        if (starts <= 2) throw new Error(`failure ${starts}`);
        // The third start waits for the test, so it can look at the loop while it is down.
        if (starts === 3) {
          await thirdMayFail;
          throw new Error('failure 3');
        }
        healthy();
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    });
    loop.start();
    await waitFor(() => starts === 3, { message: 'a third start after two failures' });
    expect(health.downLoops()).toEqual([{ name: 'relay:events', downSince: expect.any(String), failures: 2 }]);
    failThird();
    await waitFor(() => starts === 4 && health.downLoops().length === 0, { message: 'a healthy fourth start' });
    expect(loop.restarts).toBe(3);
    await loop.stop();
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
    const failed: string[] = [];
    const health = new (class extends LoopHealth {
      override failed(name: string): void {
        failed.push(name);
        super.failed(name);
      }
    })();
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
    // Down after the first failure; up again once the second start has run 30 ms, without saying so.
    await waitFor(() => starts === 2 && failed.length === 1 && health.downLoops().length === 0, { message: 'recovery after running a while' });
    expect(failed).toEqual(['sweep']);
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
