import { ChangeSignal } from './change-signal';

describe('ChangeSignal', () => {
  it('keeps a change raised while nobody waited', async () => {
    const signal = new ChangeSignal();
    signal.raise();
    await expect(signal.wait()).resolves.toBeUndefined();
  });

  it('forgets changes raised before clear() and wakes on the next one', async () => {
    const signal = new ChangeSignal();
    signal.raise();
    signal.clear();
    let woken = false;
    const waiting = signal.wait().then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    signal.raise();
    await waiting;
    expect(woken).toBe(true);
  });

  it('wakes when the abort signal fires', async () => {
    const signal = new ChangeSignal();
    const abort = new AbortController();
    const waiting = signal.wait(abort.signal);
    abort.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
