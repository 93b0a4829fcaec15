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

  async list(tenantId: string, query: ListJobsQuery): Promise<Omit<JobPage, 'items'> & { items: JobListItem[] }> {
    const page = await this.queries.list(tenantId, query);
    return { ...page, items: page.items.map(toListItem) };
  }
}

function toListItem(job: PublicJob): JobListItem {
  const { error, ...rest } = job;
  return { ...rest, plugins: [...rest.plugins], ...(error ? { error: error.message, error_code: error.code } : {}) } as JobListItem;
}
