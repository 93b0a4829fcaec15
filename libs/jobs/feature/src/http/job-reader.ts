import { Inject, Injectable } from '@nestjs/common';
import type { JobListItem, ListJobsQuery } from '@strata/contracts';
import { JobNotFoundError, type JobView } from '@strata/jobs-domain';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE } from '@strata/platform-runtime';
import { JobQueries, toPublicJob, type JobPage, type PublicJob } from '../read-model/job-queries';

/** The jobs read model as the API shows it: one job (404 for another tenant's), or a page. */
@Injectable()
export class JobReader {
  private readonly queries: JobQueries;

  constructor(@Inject(READ_STORE) readStore: ReadStore) {
    this.queries = new JobQueries(readStore);
  }

  /** The job's read model with its internals (the request hash, ...), if the tenant has it. */
  view(tenantId: string, jobId: string): Promise<JobView | undefined> {
    return this.queries.get(tenantId, jobId);
  }

  async get(tenantId: string, jobId: string): Promise<PublicJob> {
    const view = await this.view(tenantId, jobId);
    if (!view) throw JobNotFoundError.inTenant(tenantId, jobId);
    return toPublicJob(view);
  }

  /**
   * `get`'s answer as the JSON text Fastify would have made of it (`JSON.stringify`), byte for
   * byte. A job read again unchanged, as a client polling it reads it, is neither parsed nor
   * serialised again: its public text is remembered by the stored text it was made from.
   */
  async getJson(tenantId: string, jobId: string): Promise<string> {
    const stored = await this.queries.getJson(tenantId, jobId);
    if (stored === undefined) throw JobNotFoundError.inTenant(tenantId, jobId);
    return this.publicJson.of(`${tenantId}/${jobId}`, stored);
  }

  private readonly publicJson = new PublicJobJson();

  async list(tenantId: string, query: ListJobsQuery): Promise<Omit<JobPage, 'items'> & { items: JobListItem[] }> {
    const page = await this.queries.list(tenantId, query);
    return { ...page, items: page.items.map(toListItem) };
  }
}

/** Jobs whose public text is remembered; a few MB at most. */
const REMEMBERED_JOBS = 1000;

/**
 * The public JSON text of a stored job document, a pure function of that document's text: it is
 * remembered with the text it was made from, and used only for that very text, so an entry is
 * never stale, only replaced. Looked up by job (hashing a short key rather than the document);
 * bounded, the oldest going first.
 */
class PublicJobJson {
  private readonly byJob = new Map<string, { stored: string; json: string }>();

  of(job: string, stored: string): string {
    const known = this.byJob.get(job);
    if (known !== undefined && known.stored === stored) return known.json;
    const json = JSON.stringify(toPublicJob(JSON.parse(stored) as JobView));
    if (known === undefined && this.byJob.size >= REMEMBERED_JOBS) this.byJob.delete(this.byJob.keys().next().value!);
    this.byJob.set(job, { stored, json });
    return json;
  }
}

function toListItem(job: PublicJob): JobListItem {
  const { error, ...rest } = job;
  return { ...rest, plugins: [...rest.plugins], ...(error ? { error: error.message, error_code: error.code } : {}) } as JobListItem;
}
