import { ApiException } from '@kubernetes/client-node';
import { PluginError } from '@strata/plugins-api';
import fc from 'fast-check';
import { listAll, type ListOptions, type ListPage } from './kube-lister';

type Item = { metadata: { uid: string } };
const items = (count: number): Item[] => Array.from({ length: count }, (_, n) => ({ metadata: { uid: `u${n}` } }));
const options = (overrides: Partial<ListOptions> = {}): ListOptions => ({ pageSize: 3, maxAttempts: 5, signal: new AbortController().signal, retryDelayMs: { base: 1, max: 5 }, ...overrides });
const status = (code: number, headers: Record<string, string> = {}) => new ApiException(code, 'Unsuccessful HTTP Request', JSON.stringify({ kind: 'Status', code }), headers);

/** A server paging `all` by offset tokens; `fail(call, token)` may throw instead of answering. */
function server(all: Item[], fail: (call: number, token: string | undefined) => Error | undefined = () => undefined) {
  let calls = 0;
  const request = async (limit: number, token: string | undefined): Promise<ListPage<Item>> => {
    const error = fail(++calls, token);
    if (error) throw error;
    const start = token ? Number(token) : 0;
    const next = start + limit;
    return { items: all.slice(start, next), metadata: next < all.length ? { _continue: String(next) } : {} };
  };
  return { request, calls: () => calls };
}

async function collect(pages: AsyncIterable<Item[]>): Promise<string[]> {
  const uids: string[] = [];
  for await (const page of pages) uids.push(...page.map((item) => item.metadata.uid));
  return uids;
}

describe('listAll', () => {
  it('hands out every item once, in order, whatever the page size and wherever a continue token expires (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 12 }), async (count, pageSize, expireAt) => {
        let expired = false;
        const { request } = server(items(count), (call, token) => {
          if (!expired && token !== undefined && call >= expireAt) {
            expired = true;
            return status(410);
          }
          return undefined;
        });
        const uids = await collect(listAll(request, options({ pageSize }), 'things'));
        expect(uids).toEqual(items(count).map((item) => item.metadata.uid));
      }),
    );
  });

  it('waits as long as a 429 says, then fails with rate_limited after max_attempts', async () => {
    const retried: number[] = [];
    const throttledTwice = server(items(4), (call) => (call <= 2 ? status(429, { 'retry-after': '0' }) : undefined));
    expect(await collect(listAll(throttledTwice.request, options({ onRetry: (_what, waitMs) => retried.push(waitMs) }), 'things'))).toHaveLength(4);
    expect(retried).toEqual([0, 0]);
    const always = server(items(4), () => status(429));
    await expect(collect(listAll(always.request, options({ maxAttempts: 3 }), 'pods'))).rejects.toEqual(expect.objectContaining({ code: 'rate_limited' }));
    expect(always.calls()).toBe(3);
    await expect(collect(listAll(always.request, options({ maxAttempts: 3 }), 'pods'))).rejects.toBeInstanceOf(PluginError);
  });

  it('throws what is not throttling or an expired continue: a 410 without a token, a 403, a network error', async () => {
    await expect(collect(listAll(server(items(4), () => status(410)).request, options(), 'x'))).rejects.toMatchObject({ code: 410 });
    await expect(collect(listAll(server(items(4), () => status(403)).request, options(), 'x'))).rejects.toMatchObject({ code: 403 });
    await expect(collect(listAll(server(items(4), () => new Error('fetch failed')).request, options(), 'x'))).rejects.toThrow('fetch failed');
  });
});
