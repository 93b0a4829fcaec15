import { createHash } from 'node:crypto';
import type { EventEnvelope } from '@strata/contracts';
import { normalizedTime, type EventTypeFilter } from '@strata/events-domain';
import { decodeQueryCursor, encodeQueryCursor } from '@strata/platform-http';
import type { ReadStore } from '@strata/platform-read-store';
import { z } from 'zod';
import { eventFeedCollection } from './event-feed-collection';

export interface FeedQuery {
  limit: number;
  types: EventTypeFilter;
  /** ISO 8601; events whose `time` is at or after it. */
  since?: string | undefined;
  cursor?: string | undefined;
}

export interface FeedPage {
  items: EventEnvelope[];
  page: { limit: number; next_cursor: string | null; has_more: boolean };
}

const cursorPosition = z.object({ after: z.string().min(1) });

/**
 * A tenant's feed, oldest recorded first. The cursor names the position after which the next
 * page starts (keyset on the growing feed position), so pages never shift when events are
 * recorded meanwhile; it is given on the last page too, for the next poll. A cursor is bound to
 * its tenant, type filter and `since`.
 */
export class EventFeedReader {
  constructor(private readonly readStore: ReadStore) {}

  async list(tenantId: string, { limit, types, since, cursor }: FeedQuery): Promise<FeedPage> {
    const sinceAt = since === undefined ? undefined : normalizedTime(since);
    const queryId = createHash('sha256')
      .update(JSON.stringify([tenantId, types.kind === 'all' ? '*' : types.types, sinceAt ?? null]))
      .digest('base64url')
      .slice(0, 22);
    const after = cursor === undefined ? undefined : decodeQueryCursor(cursor, queryId, cursorPosition).after;
    if (types.kind === 'types' && types.types.length === 0) return { items: [], page: { limit, next_cursor: cursor ?? null, has_more: false } };
    const found = await this.readStore
      .collection(eventFeedCollection)
      .forTenant(tenantId)
      .find({
        where: {
          ...(after === undefined ? {} : { position: { $gt: after } }),
          ...(sinceAt === undefined ? {} : { at: { $gte: sinceAt } }),
          ...(types.kind === 'types' ? { 'event.type': { $in: types.types } } : {}),
        },
        sort: { field: 'position', direction: 'asc' },
        limit: limit + 1,
      });
    const entries = found.items.slice(0, limit).map((entry) => entry.doc);
    const last = entries.at(-1);
    const nextCursor = last ? encodeQueryCursor(queryId, { after: last.position }) : (cursor ?? null);
    return { items: entries.map((entry) => entry.event), page: { limit, next_cursor: nextCursor, has_more: found.items.length > limit } };
  }
}
