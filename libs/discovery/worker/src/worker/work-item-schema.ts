import type { DiscoveryWorkItem } from '@strata/contracts';
import { z } from 'zod';

// Tenant and job ids become subject tokens of the batches and logs; one that cannot be a token
// would fail every attempt, so it is refused at decoding (the consumer terminates it).
const subjectToken = z.string().regex(/^[^\s.*>]+$/, 'must be usable as a subject token');

/** What a work item must look like before a run is attempted. */
export const workItemSchema: z.ZodType<DiscoveryWorkItem> = z.object({
  tenantId: subjectToken,
  jobId: subjectToken,
  plugin: subjectToken,
  credentialId: z.string().min(1),
  config: z.record(z.string(), z.unknown()),
});
