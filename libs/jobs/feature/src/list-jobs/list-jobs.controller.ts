import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema, jobListItemSchema, jobListSchema, listJobsQuerySchema, type JobListItem } from '@strata/contracts';
import { answerList, ApiRoute, listOrEnvelopeSchema, Permissions, RequirePermissions, withListEnvelope, ZodParam, ZodQuery, type CursorEnvelope } from '@strata/platform-http';
import type { z } from 'zod';
import { JobReader } from '../http/job-reader';

/** The jobs list's query, with `envelope`: the envelope pages by cursor, so it takes no page number. */
const listJobsEnvelopeQuerySchema = withListEnvelope(listJobsQuerySchema).refine((query) => !(query.envelope === true && query.page !== 1), {
  path: ['page'],
  message: 'page cannot be combined with envelope=true (the envelope pages by cursor)',
});

type ListJobsEnvelopeQuery = z.output<typeof listJobsEnvelopeQuerySchema>;

/** `GET /api/v1/tenants/{tenantID}/jobs`. */
@Controller('api/v1/tenants/:tenantID/jobs')
export class ListJobsController {
  constructor(@Inject(JobReader) private readonly jobs: JobReader) {}

  @Get()
  @RequirePermissions(Permissions.jobsRead)
  @ApiRoute({
    summary: 'List discovery jobs',
    description:
      'Numbered pages (`page`, `per_page`) as in the seed, or keyset paging (`cursor`, `limit`, `next_cursor`) for long histories. ' +
      '`envelope=true`: keyset pages in the cursor envelope `{items, page: {limit, next_cursor, has_more}}` (page size `limit`, else `per_page`).',
    tags: ['jobs'],
    operationId: 'listJobs',
    responses: { 200: listOrEnvelopeSchema(jobListSchema, jobListItemSchema, 'JobListEnvelope') },
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(listJobsEnvelopeQuerySchema) query: ListJobsEnvelopeQuery): Promise<unknown | CursorEnvelope<JobListItem>> {
    return answerList(query, {
      id: 'jobs',
      own: (own) => this.jobs.list(tenantId, own),
      keyset: async (own) => {
        const page = await this.jobs.list(tenantId, { ...own, limit: own.limit ?? own.per_page });
        return { items: page.items, nextCursor: page.next_cursor };
      },
      limit: (own) => own.limit ?? own.per_page,
    });
  }
}
