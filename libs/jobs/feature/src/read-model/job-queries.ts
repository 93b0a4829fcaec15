import type { ListJobsQuery } from '@strata/contracts';
import type { JobView } from '@strata/jobs-domain';
import { MAX_PAGE_SIZE, type ReadStore, type SortOrder, type Where } from '@strata/platform-read-store';
import { jobsCollection } from './jobs-collection';

/** A job as the API shows it: the read model without its internal bookkeeping. */
export type PublicJob = Omit<JobView, 'internal'>;

export interface JobPage {
  items: PublicJob[];
  total: number;
  page: number;
  per_page: number;
  next_cursor?: string;
}

export function toPublicJob({ internal: _internal, ...job }: JobView): PublicJob {
  return job;
}

function sortOrder(sort: ListJobsQuery['sort']): SortOrder<JobView> {
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const field = sort.replace(/^-/, '') as 'created_at' | 'status' | 'name';
  return { field, direction };
}

/** Reads of the job read model for the jobs API, always within one tenant. */
export class JobQueries {
  constructor(private readonly readStore: ReadStore) {}

  async get(tenantId: string, jobId: string): Promise<JobView | undefined> {
    return this.readStore.collection(jobsCollection).forTenant(tenantId).get(jobId);
  }

  /** The stored job document as JSON text (internals included), unparsed. */
  getJson(tenantId: string, jobId: string): Promise<string | undefined> {
    return this.readStore.collection(jobsCollection).forTenant(tenantId).getJson(jobId);
  }

  /**
   * `page`/`per_page` for the seed's numbered pages (reads up to the requested page, so deep pages
   * cost more), or `cursor`/`limit` for keyset paging through any history at constant cost.
   */
  async list(tenantId: string, query: ListJobsQuery): Promise<JobPage> {
    const jobs = this.readStore.collection(jobsCollection).forTenant(tenantId);
    const where: Where<JobView> = query.status ? { status: query.status } : {};
    const sort = sortOrder(query.sort);
    const total = await jobs.count(where);

    if (query.cursor !== undefined || query.limit !== undefined) {
      const limit = query.limit ?? query.per_page;
      const page = await jobs.find({ where, sort, limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
      return {
        items: page.items.map((entry) => toPublicJob(entry.doc)),
        total,
        page: 1,
        per_page: limit,
        ...(page.nextCursor ? { next_cursor: page.nextCursor } : {}),
      };
    }

    const offset = (query.page - 1) * query.per_page;
    const items: PublicJob[] = [];
    let skipped = 0;
    let cursor: string | undefined;
    while (offset < total && items.length < query.per_page) {
      const wanted = offset - skipped + query.per_page - items.length;
      const found = await jobs.find({ where, sort, limit: Math.min(wanted, MAX_PAGE_SIZE), ...(cursor ? { cursor } : {}) });
      for (const entry of found.items) {
        if (skipped < offset) skipped++;
        else if (items.length < query.per_page) items.push(toPublicJob(entry.doc));
      }
      if (!found.nextCursor) break;
      cursor = found.nextCursor;
    }
    return { items, total, page: query.page, per_page: query.per_page };
  }
}
