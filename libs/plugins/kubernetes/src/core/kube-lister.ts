import { PluginAbortedError, PluginError } from '@strata/plugins-api';
import { classifyKubeError, retryAfterSeconds } from './kube-errors';

/** One page of a list, as the client deserialises it (`metadata._continue`). */
export interface ListPage<T> {
  items: T[];
  metadata?: { _continue?: string };
}

export type PageRequest<T> = (limit: number, continueToken: string | undefined) => Promise<ListPage<T>>;

export interface ListOptions {
  pageSize: number;
  /** Attempts of one request while the API server answers 429. */
  maxAttempts: number;
  signal: AbortSignal;
  /** Waits when a 429 does not say how long (doubling from this); and the cap on any wait. */
  retryDelayMs?: { base: number; max: number };
  /** Told of each retry and of each list started again (for the run's log). */
  onRetry?: (what: 'throttled' | 'expired', waitMs: number) => void;
}

const DEFAULT_DELAY = { base: 500, max: 30_000 };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new PluginAbortedError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new PluginAbortedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** One request, again while the API server throttles it: its `Retry-After`, else a backoff. */
export async function withThrottleRetry<T>(request: () => Promise<T>, options: Pick<ListOptions, 'maxAttempts' | 'signal' | 'retryDelayMs' | 'onRetry'>, what: string): Promise<T> {
  const delay = options.retryDelayMs ?? DEFAULT_DELAY;
  for (let attempt = 1; ; attempt++) {
    if (options.signal.aborted) throw new PluginAbortedError();
    try {
      return await request();
    } catch (error) {
      if (classifyKubeError(error) !== 'throttled') throw error;
      if (attempt >= options.maxAttempts) {
        throw new PluginError('rate_limited', `The Kubernetes API server kept throttling ${what} (429 after ${attempt} attempts); reduce the discovery scope or schedule it off-peak`);
      }
      const asked = retryAfterSeconds(error);
      const waitMs = Math.min(asked !== undefined ? asked * 1000 : delay.base * 2 ** (attempt - 1), delay.max);
      options.onRetry?.('throttled', waitMs);
      await sleep(waitMs, options.signal);
    }
  }
}

/**
 * Every item of a list, page by page (`limit` + `continue`). An expired continue token (410)
 * starts the list again from the beginning; items already handed out (by uid) are not handed
 * out twice. Throttled requests are retried ({@link withThrottleRetry}); anything else is thrown.
 */
export async function* listAll<T extends { metadata?: { uid?: string } }>(request: PageRequest<T>, options: ListOptions, what: string): AsyncGenerator<T[]> {
  let continueToken: string | undefined;
  let seen: Set<string> | undefined;
  const handedOut: string[] = [];
  let restarts = 0;
  for (;;) {
    let page: ListPage<T>;
    try {
      page = await withThrottleRetry(() => request(options.pageSize, continueToken), options, what);
    } catch (error) {
      if (continueToken === undefined || classifyKubeError(error) !== 'expired' || restarts >= options.maxAttempts) throw error;
      // Started again, the list is a new snapshot: what was handed out is skipped by uid.
      restarts++;
      seen ??= new Set(handedOut);
      handedOut.length = 0;
      continueToken = undefined;
      options.onRetry?.('expired', 0);
      continue;
    }
    const skip = seen;
    const items = skip ? page.items.filter((item) => !skip.has(item.metadata?.uid ?? '')) : page.items;
    for (const item of items) {
      const uid = item.metadata?.uid ?? '';
      if (seen) seen.add(uid);
      else handedOut.push(uid);
    }
    if (items.length > 0) yield items;
    continueToken = page.metadata?._continue || undefined;
    if (continueToken === undefined) return;
  }
}
