import type { PayloadSchema } from '@strata/platform-messaging';
import { z } from 'zod';

const endedAt = z.iso.datetime({ offset: true });

const relayedJobEnded = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('job.JobCancelled'),
    tenant_id: z.string().min(1),
    data: z.object({ jobId: z.string().min(1), cancelledAt: endedAt }),
  }),
  z.object({
    type: z.literal('job.JobFailed'),
    tenant_id: z.string().min(1),
    data: z.object({ jobId: z.string().min(1), failedAt: endedAt }),
  }),
]);

/** The part of a relayed `JobCancelled` or `JobFailed` envelope (on `events.<tenant>.job.<type>`) inventory reads. */
export type RelayedJobEnded = z.infer<typeof relayedJobEnded>;

export const relayedJobEndedSchema: PayloadSchema<RelayedJobEnded> = relayedJobEnded;
