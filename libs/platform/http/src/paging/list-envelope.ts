import { z } from 'zod';
import { decodeQueryCursor, encodeQueryCursor, invalidCursor } from './query-cursor';

/*
 * Seed 001's cursor envelope, `{items, page: {limit, next_cursor, has_more}}`, on every list.
 * A list whose own shape is another (`{items, next_cursor?}`, the jobs list's numbered pages)
 * keeps it by default and answers the envelope when asked with `envelope=true`, or when given a
 * cursor that an envelope page issued: such a cursor wraps the list's own keyset cursor, bound to
 * the list, so paging on with `cursor` alone stays in the envelope, while the list's own cursors
 * keep its own shape.
 */

/** The page of the cursor envelope. */
export interface EnvelopePage {
  limit: number;
  /** Pass as `cursor` for the next page; null on the last. */
  next_cursor: string | null;
  has_more: boolean;
}

/** Seed 001's list envelope. */
export interface CursorEnvelope<T> {
  items: T[];
  page: EnvelopePage;
}

/** One keyset page as a list reads it: its items and, when there are more, its own cursor to them. */
export interface KeysetPage<T> {
  items: readonly T[];
  nextCursor?: string | undefined;
}

/** The query fields the envelope looks at. */
export interface ListEnvelopeQuery {
  envelope?: boolean | undefined;
  cursor?: string | undefined;
}

const ENVELOPE_DESCRIPTION =
  '`true`: answer in the cursor envelope `{items, page: {limit, next_cursor, has_more}}`; `false`: in the list\'s own shape. ' +
  'Left out: the own shape, unless `cursor` is a `page.next_cursor` of the envelope.';

/** The `envelope` query parameter: `true` or `false`. */
export const envelopeFlagSchema = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional()
  .describe(ENVELOPE_DESCRIPTION);

/** `envelope`, the query fragment every list accepts. */
export const listEnvelopeQueryShape = { envelope: envelopeFlagSchema };

/**
 * A list query (a zod object, refined or not) that also takes `envelope`, for a list whose own shape
 * is not the envelope: answer with {@link answerList}.
 */
export function withListEnvelope<Shape extends z.ZodRawShape, Config extends z.core.$ZodObjectConfig>(
  query: z.ZodObject<Shape, Config>,
): z.ZodObject<z.util.Extend<Shape, typeof listEnvelopeQueryShape>, Config> {
  // `safeExtend`: the query may be refined (the jobs list's is), which `extend` refuses.
  return query.safeExtend(listEnvelopeQueryShape as never) as never;
}

/**
 * A list query that takes `envelope` and drops it, for a list that already answers in the
 * envelope (both values mean the shape it has): its handler sees the query it always did.
 */
export function acceptingListEnvelope<Shape extends z.ZodRawShape, Config extends z.core.$ZodObjectConfig>(query: z.ZodObject<Shape, Config>) {
  return withListEnvelope(query).transform((parsed) => {
    const { envelope: _envelope, ...rest } = parsed as { envelope?: boolean };
    return rest as z.output<z.ZodObject<Shape, Config>>;
  });
}

/** The query of a list with no paging of its own: `envelope`, and `cursor`/`limit` for the envelope's pages. */
export const unpagedListQuerySchema = z
  .object({
    ...listEnvelopeQueryShape,
    cursor: z.string().min(1).max(2048).optional().describe('page.next_cursor of the previous envelope page'),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, 'a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(1000))
      .optional()
      .describe('Envelope page size (default: the whole list)'),
  })
  .strict();

export type UnpagedListQuery = z.output<typeof unpagedListQuerySchema>;

/** A query of a list with no paging of its own (its filters in `query`) that also takes the envelope's `envelope`, `cursor` and `limit`. */
export function withUnpagedListEnvelope<Shape extends z.ZodRawShape, Config extends z.core.$ZodObjectConfig>(
  query: z.ZodObject<Shape, Config>,
): z.ZodObject<z.util.Extend<Shape, typeof unpagedListQuerySchema.shape>, Config> {
  return query.safeExtend(unpagedListQuerySchema.shape as never) as never;
}

const envelopeListId = (listId: string): string => `envelope:${listId}`;
const wrappedCursorSchema = z.object({ c: z.string().min(1) });

/** Whether `cursor` is one an envelope page issued (of any list: another list's is refused by the decode). */
function isEnvelopeCursor(cursor: string): boolean {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && String((parsed as { q?: unknown }).q).startsWith('envelope:');
  } catch {
    return false;
  }
}

/** Whether the request asks for the envelope: `envelope=true`, or no `envelope` and an envelope's cursor. */
export function wantsEnvelope(query: ListEnvelopeQuery): boolean {
  if (query.envelope !== undefined) return query.envelope;
  return query.cursor !== undefined && isEnvelopeCursor(query.cursor);
}

/** The envelope around one keyset page, its list's own cursor wrapped and bound to `listId`. */
export function toCursorEnvelope<T>(listId: string, page: KeysetPage<T>, limit: number): CursorEnvelope<T> {
  const next = page.nextCursor === undefined ? null : encodeQueryCursor(envelopeListId(listId), { c: page.nextCursor });
  return { items: [...page.items], page: { limit, next_cursor: next, has_more: next !== null } };
}

/** The list's own cursor an envelope cursor of `listId` wraps; `invalid_cursor` (400) for any other. */
export function unwrapEnvelopeCursor(listId: string, cursor: string): string {
  return decodeQueryCursor(cursor, envelopeListId(listId), wrappedCursorSchema).c;
}

type WithoutEnvelope<Q> = Omit<Q, 'envelope'>;

/** How a keyset list reads itself, for {@link answerList}. */
export interface EnvelopeList<Q extends ListEnvelopeQuery, L, T> {
  /** Names the list, binding the envelope's cursors to it, e.g. `jobs`. */
  id: string;
  /** The list in its own shape, for the query as given (its `cursor` is the list's own). */
  own: (query: WithoutEnvelope<Q>) => Promise<L> | L;
  /** One keyset page for `query`, whose `cursor` (absent on the first page) is the list's own. */
  keyset: (query: WithoutEnvelope<Q>) => Promise<KeysetPage<T>>;
  /** The page size the keyset read uses for this query. */
  limit: (query: WithoutEnvelope<Q>) => number;
}

/**
 * A list route's answer: in its own shape, or in the cursor envelope (see {@link wantsEnvelope}),
 * whose pages are the list's keyset pages with their cursors wrapped. An envelope request with a
 * cursor that is not an envelope cursor of this list is a 400 `invalid_cursor`.
 */
export async function answerList<Q extends ListEnvelopeQuery, L, T>(query: Q, list: EnvelopeList<NoInfer<Q>, L, T>): Promise<L | CursorEnvelope<T>> {
  const { envelope: _envelope, ...rest } = query;
  if (!wantsEnvelope(query)) return list.own(rest);
  const own = { ...rest } as WithoutEnvelope<Q> & { cursor?: string };
  if (query.cursor === undefined) delete own.cursor;
  else own.cursor = unwrapEnvelopeCursor(list.id, query.cursor);
  return toCursorEnvelope(list.id, await list.keyset(own), list.limit(own));
}

/**
 * {@link answerList} for a list whose own shape is its keyset page, `{items, next_cursor?}`
 * (read with `read`), with page size `limit`.
 */
export function answerNextCursorList<Q extends ListEnvelopeQuery & { limit: number }, L extends { items: readonly unknown[]; next_cursor?: string | undefined }>(
  id: string,
  query: Q,
  read: (query: WithoutEnvelope<Q>) => Promise<L>,
): Promise<L | CursorEnvelope<L['items'][number]>> {
  return answerList(query, {
    id,
    own: read,
    keyset: async (own) => {
      const page = await read(own);
      return { items: page.items, nextCursor: page.next_cursor };
    },
    limit: () => query.limit,
  });
}

/**
 * The envelope over a list held whole in memory (no paging of its own): keyset pages of `limit`
 * (default: all) after the item whose key the cursor holds, so an item added or removed between
 * pages shifts nothing; a cursor whose item is gone is a 400 `invalid_cursor`.
 */
export function envelopeOfWholeList<T>(listId: string, items: readonly T[], keyOf: (item: T) => string, query: Pick<UnpagedListQuery, 'cursor' | 'limit'>): CursorEnvelope<T> {
  let start = 0;
  if (query.cursor !== undefined) {
    const after = decodeQueryCursor(query.cursor, envelopeListId(listId), z.object({ after: z.string() })).after;
    // The last item of that key: should two items share one, paging skips rather than repeats.
    const index = items.findLastIndex((item) => keyOf(item) === after);
    if (index < 0) throw invalidCursor();
    start = index + 1;
  }
  const limit = query.limit ?? Math.max(items.length - start, 1);
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length;
  const next = more && page.length > 0 ? encodeQueryCursor(envelopeListId(listId), { after: keyOf(page.at(-1)!) }) : null;
  return { items: [...page], page: { limit, next_cursor: next, has_more: next !== null } };
}

/**
 * A list route with no paging of its own: its own shape, or (see {@link wantsEnvelope}; any
 * `cursor` asks for it) the envelope over `items`, keyed by `keyOf`.
 */
export function answerUnpagedList<L, T>(
  query: UnpagedListQuery,
  list: { id: string; own: () => L; items: (own: L) => readonly T[]; keyOf: (item: T) => string },
): L | CursorEnvelope<T> {
  const own = list.own();
  const envelope = query.envelope ?? (query.cursor !== undefined || query.limit !== undefined);
  if (!envelope) return own;
  return envelopeOfWholeList(list.id, list.items(own), list.keyOf, query);
}

/** Async {@link answerUnpagedList}. */
export async function answerUnpagedListAsync<L, T>(
  query: UnpagedListQuery,
  list: { id: string; own: () => Promise<L>; items: (own: L) => readonly T[]; keyOf: (item: T) => string },
): Promise<L | CursorEnvelope<T>> {
  const own = await list.own();
  return answerUnpagedList(query, { ...list, own: () => own });
}

/** The envelope's response schema for items of `item`, named `id`. */
export function cursorEnvelopeSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      page: z.object({
        limit: z.number().int(),
        next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last'),
        has_more: z.boolean(),
      }),
    })
    .meta({ id, description: 'The cursor envelope (`envelope=true`, or a cursor from one of its pages)' });
}

/** A list's 200 response: its own shape or, when asked for, the cursor envelope of its items. */
export function listOrEnvelopeSchema<L extends z.ZodType, T extends z.ZodType>(own: L, item: T, envelopeId: string) {
  return z.union([own, cursorEnvelopeSchema(item, envelopeId)]);
}
