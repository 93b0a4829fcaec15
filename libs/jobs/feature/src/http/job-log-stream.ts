import type { ServerResponse } from 'node:http';
import { subjects, type JobLogLine } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import { LOG_END_HEADER } from '../orchestrator/job-orchestrator';

export interface LogStreamOptions {
  tenantId: string;
  jobId: string;
  /** From `Last-Event-ID`: resume after this log sequence. */
  afterSequence?: number;
  /** Whether the job has ended; checked when the log goes quiet, in case its closing line expired. */
  isTerminal: () => Promise<boolean>;
  keepAliveMs?: number;
  quietCheckMs?: number;
}

/**
 * Writes a job's log as Server-Sent Events: `id: <sequence>` and `data: {"ts","level","msg"}`
 * per line, replayed from the start (or after `Last-Event-ID`), then live, ending after the job's
 * closing line. A client that disconnects stops the underlying consumer at once.
 */
export async function streamJobLog(messaging: MessagingClient, response: ServerResponse, options: LogStreamOptions): Promise<void> {
  const abort = new AbortController();
  const finish = () => abort.abort();
  response.once('close', finish);
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.flushHeaders();

  let lastMessageAt = Date.now();
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);
  const quietCheckMs = options.quietCheckMs ?? 5_000;
  const quietCheck = setInterval(() => {
    if (Date.now() - lastMessageAt < quietCheckMs) return;
    void options.isTerminal().then((terminal) => terminal && finish(), finish);
  }, quietCheckMs);

  try {
    const fromSequence = options.afterSequence !== undefined ? options.afterSequence + 1 : undefined;
    for await (const message of messaging.follow<JobLogLine>('logs', subjects.logs(options.tenantId, options.jobId), {
      signal: abort.signal,
      ...(fromSequence !== undefined ? { fromSequence } : {}),
    })) {
      lastMessageAt = Date.now();
      const { ts, level, msg } = message.data;
      response.write(`id: ${message.streamSequence}\ndata: ${JSON.stringify({ ts, level, msg })}\n\n`);
      if (message.headers[LOG_END_HEADER] === 'true') break;
    }
  } finally {
    clearInterval(keepAlive);
    clearInterval(quietCheck);
    response.off('close', finish);
    if (!response.writableEnded) response.end();
  }
}
