import { waitFor } from '@strata/testing';
import { LoopHealth } from './loop-health';
import { PeriodicSweep } from './periodic-sweep';

describe('PeriodicSweep', () => {
  it('sweeps every interval, logs a sweep that changed something, and stops', async () => {
    const logged: unknown[][] = [];
    const logger = { info: (...args: unknown[]) => void logged.push(args) } as never;
    const changes = [0, 3, 0];
    let calls = 0;
    const sweep = new PeriodicSweep({ name: 'sweep:test', intervalMs: 5, changedMessage: 'things deleted', logger, sweep: async () => changes[calls++] ?? 0 });
    sweep.start();
    await waitFor(() => sweep.sweepsCompleted >= 3, { message: 'three sweeps' });
    await sweep.stop();
    const after = calls;
    expect(logged).toEqual([[{ changed: 3 }, 'things deleted']]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(after);
  });

  it('retries a failing sweep under supervision: down in the health while it fails, up once one succeeds', async () => {
    const health = new LoopHealth();
    let calls = 0;
    let mayRecover!: () => void;
    const recovery = new Promise<void>((resolve) => (mayRecover = resolve));
    const sweep = new PeriodicSweep({
      name: 'sweep:flaky',
      intervalMs: 5,
      health,
      sweep: async () => {
        calls += 1;
        if (calls === 1) throw new Error('store unavailable');
        await recovery;
        return 0;
      },
    });
    sweep.start();
    await waitFor(() => calls === 2, { message: 'a second sweep after the failure' });
    expect(health.downLoops().map((loop) => loop.name)).toEqual(['sweep:flaky']);
    mayRecover();
    await waitFor(() => health.downLoops().length === 0, { message: 'recovered' });
    await sweep.stop();
  });
});
