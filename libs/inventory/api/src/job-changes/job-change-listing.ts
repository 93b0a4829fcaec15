import { decodeQueryCursor, encodeQueryCursor } from '@strata/platform-http';
import { jobChangeSources, type JobChangeFilters, type JobChangeSource } from '@strata/inventory-feature';
import type { ReadStore } from '@strata/platform-read-store';
import { z } from 'zod';
import { queryIdOf } from '../paging/api-cursor';
import { scanPage } from '../paging/filtered-scan';
import { requireJob } from './job-change-summary-reader';
import type { JobChangeList, ListJobChangesQuery } from './job-changes.schemas';

const positionSchema = z.object({ s: z.enum(['records', 'nodes', 'edges']), i: z.string().nullable() });

/**
 * `GET .../jobs/{jobID}/changes`: a job's changes in keyset pages, in three parts read one after
 * the other (its change records by id, then the nodes it created, then the edges it created; see
 * `jobChangeSources`). The cursor names the part and the position in it; filters are checked on
 * each document within a bounded scan, so a page may be short (even empty) while `has_more`.
 */
export class JobChangeListing {
  constructor(private readonly readStore: ReadStore) {}

  async list(tenantId: string, jobId: string, query: ListJobChangesQuery): Promise<JobChangeList> {
    await requireJob(this.readStore, tenantId, jobId);
    const filters: JobChangeFilters = {};
    if (query.change !== undefined) filters.change = query.change;
    if (query.type !== undefined) filters.type = query.type;
    if (query.account !== undefined) filters.account = query.account;
    if (query.region !== undefined) filters.region = query.region;
    const queryId = queryIdOf('job-changes', tenantId, { jobId, ...filters });
    const sources = jobChangeSources(this.readStore, tenantId, jobId, filters);
    let position = query.cursor === undefined ? { s: sources[0]!.name, i: null as string | null } : decodeQueryCursor(query.cursor, queryId, positionSchema);
    let index = sources.findIndex((source) => source.name === position.s);
    if (index < 0) index = sources.length;
    const items: JobChangeList['items'] = [];
    let next: string | null = null;
    while (index < sources.length) {
      const source = sources[index] as unknown as JobChangeSource<object>;
      const page = await scanPage(
        { collection: source.collection, where: source.where, sort: {}, matches: source.matches, queryId: `${queryId}:${source.name}` },
        { limit: query.limit - items.length, ...(position.i !== null ? { cursor: position.i } : {}) },
      );
      for (const { doc } of page.items) items.push(source.item(doc));
      if (page.nextCursor) {
        next = encodeQueryCursor(queryId, { s: source.name, i: page.nextCursor });
        break;
      }
      index += 1;
      if (index < sources.length) position = { s: sources[index]!.name, i: null };
      if (items.length === query.limit) {
        if (index < sources.length) next = encodeQueryCursor(queryId, { s: sources[index]!.name, i: null });
        break;
      }
    }
    return { items, page: { limit: query.limit, next_cursor: next, has_more: next !== null } };
  }
}
