import { SeededRandom } from '@strata/testing';
import { collectSseEvents } from './sse-events';

async function* chunks(parts: (string | { waitMs: number })[]): AsyncGenerator<string> {
  for (const part of parts) {
    if (typeof part === 'string') yield part;
    else await new Promise((resolve) => setTimeout(resolve, part.waitMs));
  }
}

describe('collectSseEvents', () => {
  it('reads data lines across chunk boundaries, multi-line data, comments and ids, to the end', async () => {
    const stop = jest.fn();
    const read = await collectSseEvents(chunks([': keep-alive\n\nid: 1\nda', 'ta: {"a":1}\n', '\nid: 2\r\ndata: x\r\ndata: y\r\n\r\n', 'data: last']), { quietMs: 1_000, maxMs: 5_000 }, stop);
    expect(read).toEqual({ events: ['{"a":1}', 'x\ny', 'last'], ended: true });
    expect(stop).not.toHaveBeenCalled();
  });

  it('stops once the stream goes quiet, with what came so far', async () => {
    const stop = jest.fn();
    const read = await collectSseEvents(chunks(['data: one\n\n', { waitMs: 10_000 }, 'data: never\n\n']), { quietMs: 50, maxMs: 5_000 }, stop);
    expect(read).toEqual({ events: ['one'], ended: false });
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('stops at the deadline even while events keep coming', async () => {
    const busy = Array.from({ length: 200 }, (_, i) => [`data: ${i}\n\n`, { waitMs: 10 }]).flat();
    const started = Date.now();
    const read = await collectSseEvents(chunks(busy), { quietMs: 1_000, maxMs: 150 }, () => undefined);
    expect(read.ended).toBe(false);
    expect(read.events.length).toBeGreaterThan(0);
    expect(read.events.length).toBeLessThan(200);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reads the same events however the stream is cut into chunks (random cuts, CRLF or LF, comments between)', async () => {
    for (let run = 0; run < 200; run++) {
      const random = new SeededRandom(`sse-${run}`);
      const events = Array.from({ length: 1 + random.int(8) }, (_, i) => JSON.stringify({ n: i, msg: `line ${random.hex(random.int(6))} é` }));
      const eol = random.chance(0.5) ? '\r\n' : '\n';
      const text = events.map((data, i) => `${random.chance(0.3) ? `: keep-alive${eol}${eol}` : ''}id: ${i + 1}${eol}data: ${data}${eol}${eol}`).join('');
      const bytes = new TextEncoder().encode(text);
      const cuts: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + random.int(12);
        cuts.push(bytes.slice(at, at + size));
        at += size;
      }
      async function* chunked(): AsyncGenerator<Uint8Array> {
        yield* cuts;
      }
      expect({ run, read: await collectSseEvents(chunked(), { quietMs: 1_000, maxMs: 5_000 }, () => undefined) }).toEqual({ run, read: { events, ended: true } });
    }
  });
});
