import { JOB_CATEGORY } from '@strata/contracts';

/** The relayed job events after which a job's plugin runs are pointless (a completed job has none left; see `isJobEndEvent` in contracts for every end). */
export const RUN_ABORTING_JOB_ENDS = ['JobCancelled', 'JobFailed'] as const;
export type JobEndEventType = (typeof RUN_ABORTING_JOB_ENDS)[number];

export interface EndedJob {
  tenantId: string;
  jobId: string;
  type: JobEndEventType;
}

/** `events.*.job.<type>`: every tenant's job ends of that type (before the namespace). */
export const jobEndSubjectPattern = (type: JobEndEventType): string => `events.*.${JOB_CATEGORY}.${type}`;

/**
 * Reads a relayed job event (`events.<tenant>.job.<type>`, payload: its envelope). The tenant
 * comes from the subject, which the relay derives from the event's tenant; the job id from
 * `data.jobId`. Undefined for anything else.
 */
export function parseJobEndEvent(subject: string, payload: unknown): EndedJob | undefined {
  const [root, tenantId, category, type, ...rest] = subject.split('.');
  if (root !== 'events' || category !== JOB_CATEGORY || rest.length > 0 || !tenantId) return undefined;
  if (!RUN_ABORTING_JOB_ENDS.includes(type as JobEndEventType)) return undefined;
  const jobId = jobIdOf(payload);
  return jobId ? { tenantId, jobId, type: type as JobEndEventType } : undefined;
}

function jobIdOf(payload: unknown): string | undefined {
  if (!isRecord(payload)) return undefined;
  const data = payload['data'];
  return isRecord(data) && typeof data['jobId'] === 'string' && data['jobId'] !== '' ? data['jobId'] : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
