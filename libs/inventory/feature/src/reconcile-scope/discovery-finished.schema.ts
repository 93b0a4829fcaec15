import type { PayloadSchema } from '@strata/platform-messaging';
import { z } from 'zod';

const relayedDiscoveryFinished = z.object({
  type: z.literal('job.DiscoveryFinished'),
  tenant_id: z.string().min(1),
  data: z.object({
    jobId: z.string().min(1),
    tenantId: z.string().min(1),
    runs: z.array(
      z.object({
        plugin: z.string().min(1),
        attempt: z.number().int().min(1),
        batches: z.number().int().min(0),
        scope: z.string().min(1),
        startedAt: z.iso.datetime({ offset: true }).optional(),
      }),
    ),
    startedAt: z.iso.datetime({ offset: true }).optional(),
  }),
});

/** The part of a relayed `DiscoveryFinished` envelope (on `events.<tenant>.job.DiscoveryFinished`) reconcile reads. */
export type RelayedDiscoveryFinished = z.infer<typeof relayedDiscoveryFinished>;

export const relayedDiscoveryFinishedSchema: PayloadSchema<RelayedDiscoveryFinished> = relayedDiscoveryFinished;
