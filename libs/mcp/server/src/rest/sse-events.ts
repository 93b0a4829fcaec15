import type { EventStreamReadOptions } from './strata-rest';

export interface CollectedEvents {
  events: string[];
  ended: boolean;
}

/**
 * The `data:` payloads of a Server-Sent Events body, read until the body ends (`ended`), no event
 * came for `quietMs` after the last (the replay of a running job's log is over: what exists so
 * far), or `maxMs` passed. `stop` is called when reading stops early, to close the stream.
 */
export async function collectSseEvents(chunks: AsyncIterable<Uint8Array | string>, { quietMs, maxMs }: EventStreamReadOptions, stop: () => void): Promise<CollectedEvents> {
  const events: string[] = [];
  const decoder = new TextDecoder();
  const iterator = chunks[Symbol.asyncIterator]();
  const deadline = Date.now() + maxMs;
  let buffer = '';
  let data: string[] = [];
  const takeLines = () => {
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (data.length > 0) events.push(data.join('\n'));
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
    }
  };
  try {
    for (;;) {
      const wait = Math.max(0, Math.min(quietMs, deadline - Date.now()));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'quiet'>((resolve) => (timer = setTimeout(() => resolve('quiet'), wait)));
      const pending = iterator.next();
      pending.catch(() => undefined); // a read still pending when the stream is closed early fails; nobody waits for it
      const next = await Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
      if (next === 'quiet') {
        stop();
        return { events, ended: false };
      }
      if (next.done) {
        buffer += '\n\n';
        takeLines();
        return { events, ended: true };
      }
      buffer += typeof next.value === 'string' ? next.value : decoder.decode(next.value, { stream: true });
      takeLines();
    }
  } finally {
    void iterator.return?.()?.catch(() => undefined);
  }
}
