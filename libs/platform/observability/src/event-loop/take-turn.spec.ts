import { connect, createServer } from 'node:net';
import { takeTurn } from './take-turn';

/** Holds the thread for `ms`, as a slice of synchronous work does. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('takeTurn', () => {
  it('gives callers their turns in the order they asked', async () => {
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map(async (name) => {
        await takeTurn();
        order.push(name);
      }),
    );
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('lets I/O in between any two slices, however many callers are slicing', async () => {
    // A local TCP connection: its data is I/O the loop polls for, as an HTTP request is.
    const server = createServer((socket) => socket.end('ping'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    let slicesBeforeReply = -1;
    let slices = 0;
    const replied = new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('data', () => {
        slicesBeforeReply = slices;
        socket.destroy();
        resolve();
      });
    });
    // Eight callers, each doing twenty 5 ms slices: 800 ms of work in all.
    const workers = Array.from({ length: 8 }, async () => {
      for (let slice = 0; slice < 20; slice++) {
        await takeTurn();
        busyFor(5);
        slices += 1;
      }
    });
    await replied;
    await Promise.all(workers);
    server.close();
    // The reply got in after a slice or two. With a plain setImmediate between slices it waited
    // for eight (each iteration's check phase ran every caller's slice) before it was polled.
    expect(slicesBeforeReply).toBeGreaterThanOrEqual(0);
    expect(slicesBeforeReply).toBeLessThan(4);
  });
});
