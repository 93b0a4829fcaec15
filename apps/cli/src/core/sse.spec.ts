import { readSse } from './sse';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function all(parts: string[]) {
  const events = [];
  for await (const event of readSse(chunks(...parts))) events.push(event);
  return events;
}

describe('reading Server-Sent Events', () => {
  it('splits events on blank lines, across chunk boundaries, with their ids', async () => {
    expect(await all(['id: 1\ndata: {"msg":"a"}\n\nid: 2\nda', 'ta: {"msg":"b"}\n', '\n'])).toEqual([
      { id: '1', data: '{"msg":"a"}' },
      { id: '2', data: '{"msg":"b"}' },
    ]);
  });

  it('joins data lines, skips comments, reads CRLF and a last event without its blank line', async () => {
    expect(await all([': keep-alive\n\n', 'event: log\r\ndata: one\r\ndata: two\r\n\r\n', 'data: last'])).toEqual([
      { event: 'log', data: 'one\ntwo' },
      { data: 'last' },
    ]);
  });
});
