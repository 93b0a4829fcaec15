import type { ResourceBatch } from '@strata/contracts';
import type { PayloadSchema } from '@strata/platform-messaging';
import { z } from 'zod';

const resourceNodeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  provider: z.string(),
  name: z.string(),
  account: z.string().optional(),
  region: z.string().optional(),
  tags: z.record(z.string(), z.string()),
  attributes: z.record(z.string(), z.unknown()),
});

const resourceEdgeSchema = z.object({ from: z.string().min(1), to: z.string().min(1), type: z.string().min(1) });

/**
 * A `ResourceBatch` as it arrives on `discovery.batches.<tenant>.<job>`. One that does not match
 * can never be ingested, so the consumer terminates it instead of retrying.
 */
export const resourceBatchSchema: PayloadSchema<ResourceBatch> = z.object({
  tenantId: z.string().min(1),
  jobId: z.string().min(1),
  plugin: z.string().min(1),
  attempt: z.number().int().min(1),
  sequence: z.number().int().min(0),
  scope: z.string().min(1),
  nodes: z.array(resourceNodeSchema),
  edges: z.array(resourceEdgeSchema),
});
