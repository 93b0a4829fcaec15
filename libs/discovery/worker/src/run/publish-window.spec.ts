import { PublishWindow } from './publish-window';

/** A publish whose acknowledgement the test gives (or refuses) when it wants. */
function controlled() {
  const started: string[] = [];
  const settle = new Map<string, { ack(): void; fail(error: Error): void }>();
  const publish = (name: string) => () => {
    started.push(name);
    return new Promise<void>((ack, fail) => settle.set(name, { ack, fail }));
  };
  return { started, settle, publish };
}

const flushed = () => new Promise((resolve) => setImmediate(resolve));

describe('PublishWindow', () => {
  it('starts publishes without waiting until the window is full, then waits for the oldest', async () => {
    const { started, settle, publish } = controlled();
    const window = new PublishWindow(2);
    await window.add(publish('a'));
    await window.add(publish('b'));
    expect(started).toEqual(['a', 'b']);

    let thirdStarted = false;
    const third = window.add(publish('c')).then(() => (thirdStarted = true));
    await flushed();
    expect(thirdStarted).toBe(false);
    settle.get('b')?.ack(); // not the oldest: still waiting
    await flushed();
    expect(thirdStarted).toBe(false);
    settle.get('a')?.ack();
    await third;
    expect(started).toEqual(['a', 'b', 'c']);

    let drained = false;
    const drain = window.drain().then(() => (drained = true));
    await flushed();
    expect(drained).toBe(false);
    settle.get('c')?.ack();
    await drain;
  });

  it('throws the failure of a publish it waits for, and leaves later failures unobserved but handled', async () => {
    const { settle, publish } = controlled();
    const window = new PublishWindow(1);
    await window.add(publish('a'));
    const second = window.add(publish('b'));
    settle.get('a')?.fail(new Error('stream unavailable'));
    await expect(second).rejects.toThrow('stream unavailable');

    const other = new PublishWindow(4);
    await other.add(publish('c'));
    await other.add(publish('d'));
    settle.get('d')?.fail(new Error('later failure'));
    settle.get('c')?.ack();
    await expect(other.drain()).rejects.toThrow('later failure');
  });
});
