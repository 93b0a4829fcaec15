import { DomainError } from '@strata/contracts';
import { SeededRandom } from '@strata/testing';
import { encodeQueryCursor } from './query-cursor';
import { answerList, answerUnpagedList, envelopeOfWholeList, withListEnvelope, acceptingListEnvelope, unpagedListQuerySchema, type CursorEnvelope } from './list-envelope';
import { z } from 'zod';

/** A keyset list over sorted ids: its own cursor is the last id, its own shape `{items, next_cursor?}`. */
function keysetList(ids: readonly string[]) {
  const read = (query: { cursor?: string | undefined; limit: number }) => {
    const after = query.cursor === undefined ? undefined : Buffer.from(query.cursor, 'base64url').toString();
    if (after !== undefined && !ids.includes(after)) throw new DomainError('invalid_cursor', 'not ours');
    const rest = after === undefined ? ids : ids.slice(ids.indexOf(after) + 1);
    const items = rest.slice(0, query.limit);
    const more = rest.length > query.limit;
    return { items, ...(more ? { next_cursor: Buffer.from(items.at(-1)!).toString('base64url') } : {}) };
  };
  return {
    id: 'things',
    own: async (query: { cursor?: string | undefined; limit: number }) => read(query),
    keyset: async (query: { cursor?: string | undefined; limit: number }) => {
      const page = read(query);
      return { items: page.items, nextCursor: page.next_cursor };
    },
    limit: (query: { limit: number }) => query.limit,
  };
}

const q = (query: { limit: number; envelope?: boolean; cursor?: string }) => query;

const codeOf = async (promise: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'none';
};

describe('the list envelope', () => {
  const ids = Array.from({ length: 23 }, (_, i) => `id-${String(i).padStart(2, '0')}`);

  it('keeps the own shape by default, and for the own cursor', async () => {
    const list = keysetList(ids);
    const first = (await answerList(q({ limit: 10 }), list)) as { items: string[]; next_cursor?: string };
    expect(first).toEqual({ items: ids.slice(0, 10), next_cursor: expect.any(String) });
    expect(await answerList(q({ limit: 10, cursor: first.next_cursor }), list)).toEqual({ items: ids.slice(10, 20), next_cursor: expect.any(String) });
  });

  it('pages through in the envelope to the end, continuing with the cursor alone', async () => {
    const list = keysetList(ids);
    const seen: string[] = [];
    let page = (await answerList(q({ limit: 10, envelope: true }), list)) as CursorEnvelope<string>;
    const pages = [page];
    while (page.page.has_more) {
      // The envelope's cursor alone keeps the envelope.
      page = (await answerList(q({ limit: 10, cursor: page.page.next_cursor! }), list)) as CursorEnvelope<string>;
      pages.push(page);
    }
    for (const each of pages) seen.push(...each.items);
    expect(seen).toEqual(ids);
    expect(pages.map((each) => each.page)).toEqual([
      { limit: 10, next_cursor: expect.any(String), has_more: true },
      { limit: 10, next_cursor: expect.any(String), has_more: true },
      { limit: 10, next_cursor: null, has_more: false },
    ]);
  });

  it('answers the own shape for envelope=false, and refuses an own cursor or another list\'s in the envelope', async () => {
    const list = keysetList(ids);
    const envelope = (await answerList(q({ limit: 5, envelope: true }), list)) as CursorEnvelope<string>;
    const own = (await answerList(q({ limit: 5 }), list)) as { next_cursor: string };
    expect(await codeOf(answerList(q({ limit: 5, envelope: true, cursor: own.next_cursor }), list))).toBe('invalid_cursor');
    expect(await codeOf(answerList(q({ limit: 5, cursor: envelope.page.next_cursor! }), { ...list, id: 'others' }))).toBe('invalid_cursor');
    expect(await codeOf(answerList(q({ limit: 5, envelope: true, cursor: 'garbage' }), list))).toBe('invalid_cursor');
    // An envelope cursor whose wrapped cursor the list refuses.
    const forged = encodeQueryCursor('envelope:things', { c: Buffer.from('id-99').toString('base64url') });
    expect(await codeOf(answerList(q({ limit: 5, cursor: forged }), list))).toBe('invalid_cursor');
    expect(await answerList(q({ limit: 5, envelope: false }), list)).toEqual({ items: ids.slice(0, 5), next_cursor: expect.any(String) });
  });

  it('pages a whole list by key: every item once, in order, whatever the page size (property)', () => {
    const random = new SeededRandom('whole-list');
    for (let round = 0; round < 200; round++) {
      const items = Array.from({ length: random.int(41) }, (_, i) => ({ key: `k${i}-${random.int(1000)}` }));
      const limit = random.int(4) === 0 ? undefined : 1 + random.int(12);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 100; guard++) {
        const page = envelopeOfWholeList('whole', items, (item) => item.key, { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) });
        seen.push(...page.items.map((item) => item.key));
        expect(page.page.has_more).toBe(page.page.next_cursor !== null);
        if (!page.page.has_more) break;
        cursor = page.page.next_cursor!;
      }
      expect(seen).toEqual(items.map((item) => item.key));
    }
  });

  it('pages a whole list that changes between pages: what stays is seen once, in order, and nothing twice (property)', () => {
    const random = new SeededRandom('whole-list-changing');
    for (let round = 0; round < 200; round++) {
      let next = 0;
      const fresh = () => ({ key: `k${next++}` });
      let items = Array.from({ length: random.int(30) }, fresh);
      const initial = new Set(items.map((item) => item.key));
      const removed = new Set<string>();
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 100; guard++) {
        const page = envelopeOfWholeList('changing', items, (item) => item.key, { ...(cursor ? { cursor } : {}), limit: 1 + random.int(5) });
        seen.push(...page.items.map((item) => item.key));
        if (!page.page.has_more) break;
        cursor = page.page.next_cursor!;
        const last = seen.at(-1)!;
        // Between pages: insertions anywhere, removals of any item but the one the cursor holds.
        for (let change = random.int(3); change > 0; change--) {
          if (random.chance(0.5)) items.splice(random.int(items.length + 1), 0, fresh());
          else {
            const victim = items[random.int(items.length)];
            if (victim && victim.key !== last) {
              removed.add(victim.key);
              items = items.filter((item) => item !== victim);
            }
          }
        }
      }
      expect(new Set(seen).size).toBe(seen.length);
      const stayed = [...initial].filter((key) => !removed.has(key));
      expect(seen.filter((key) => initial.has(key) && !removed.has(key))).toEqual(stayed);
    }
  });

  it('answers an unpaged list whole with has_more false, and refuses a cursor it never issued', () => {
    const plugins = { items: [{ id: 'aws' }, { id: 'demo' }] };
    const list = { id: 'plugins', own: () => plugins, items: (own: typeof plugins) => own.items, keyOf: (item: { id: string }) => item.id };
    expect(answerUnpagedList({}, list)).toBe(plugins);
    expect(answerUnpagedList({ envelope: true }, list)).toEqual({ items: plugins.items, page: { limit: 2, next_cursor: null, has_more: false } });
    expect(() => answerUnpagedList({ cursor: 'abc' }, list)).toThrow(expect.objectContaining({ code: 'invalid_cursor' }));
  });

  it('adds envelope to a refined, strict query, and drops it for lists already in the envelope', () => {
    const query = z.object({ limit: z.string().optional() }).strict().refine(() => true);
    expect(withListEnvelope(query).parse({ envelope: 'true' })).toEqual({ envelope: true });
    expect(withListEnvelope(query).safeParse({ envelope: 'yes' }).success).toBe(false);
    expect(withListEnvelope(query).safeParse({ other: '1' }).success).toBe(false);
    expect(acceptingListEnvelope(query).parse({ envelope: 'false', limit: '3' })).toEqual({ limit: '3' });
    expect(unpagedListQuerySchema.parse({ envelope: 'true', limit: '5' })).toEqual({ envelope: true, limit: 5 });
  });
});
