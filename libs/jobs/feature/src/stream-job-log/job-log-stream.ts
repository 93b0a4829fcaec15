import type { ServerResponse } from 'node:http';
import { subjects, type JobLogLine } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import { LOG_END_HEADER } from '../narrate-job-log/narrate-job-log.handler';

export interface LogStreamOptions {
  tenantId: string;
  jobId: string;
  /** From `Last-Event-ID`: the number of the last line the client has; it gets the lines after it. */
  afterLine?: number;
  /** Whether the job has ended; checked when the log goes quiet, in case its closing line expired. */
  isTerminal: () => Promise<boolean>;
  keepAliveMs?: number;
  quietCheckMs?: number;
}

/**
 * Writes a job's log as Server-Sent Events: `id: <n>` and `data: {"ts","level","msg"}` per line,
 * replayed from the start (or after the line `Last-Event-ID` names), then live, ending after the
 * job's closing line. `n` is the line's position in this job's log (1, 2, 3 …): a stream sequence
 * would tell a tenant how much every other job on the server logs.
 *
 * With `Last-Event-ID`, the status waits until the lines the client has are skipped: one that has
 * the closing line already (an EventSource reconnects so once the stream has ended) gets 204 at
 * once, which tells an EventSource to stop. A client that disconnects stops the consumer at once.
 */
export async function streamJobLog(messaging: MessagingClient, response: ServerResponse, options: LogStreamOptions): Promise<void> {
  const after = options.afterLine ?? 0;
  const abort = new AbortController();
  const finish = () => abort.abort();
  response.once('close', finish);

  let keepAlive: NodeJS.Timeout | undefined;
  const open = () => {
    if (response.headersSent) return;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    keepAlive = setInterval(() => response.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);
  };
  if (after === 0) open();

  /** The log has nothing more for this client: its closing line was reached, or it went quiet once the job had ended. */
  let ended = false;
  let lastMessageAt = Date.now();
  const quietCheckMs = options.quietCheckMs ?? 5_000;
  const quietCheck = setInterval(() => {
    if (Date.now() - lastMessageAt < quietCheckMs) return;
    void options.isTerminal().then((terminal) => {
      if (!terminal) return open(); // a log with nothing to replay (expired, or none yet) sends no catch-up signal
      ended = true;
      finish();
    }, finish);
  }, quietCheckMs);

  try {
    // Lines are counted from the first the stream holds; the ordered consumer delivers each once, in order.
    let line = 0;
    for await (const message of messaging.follow<JobLogLine>('logs', subjects.logs(options.tenantId, options.jobId), { signal: abort.signal })) {
      lastMessageAt = Date.now();
      line += 1;
      const closing = message.headers[LOG_END_HEADER] === 'true';
      if (line > after) {
        open();
        const { ts, level, msg } = message.data;
        response.write(`id: ${line}\ndata: ${JSON.stringify({ ts, level, msg })}\n\n`);
      } else if (!closing && message.pending === 0) {
        open(); // caught up with what the client has; what comes next is live
      }
      if (closing) {
        ended = true;
        break;
      }
    }
  } finally {
    clearInterval(keepAlive);
    clearInterval(quietCheck);
    response.off('close', finish);
    if (ended && !response.headersSent && !response.destroyed) response.writeHead(204, { 'cache-control': 'no-cache' });
    if (!response.writableEnded) response.end();
  }
}
