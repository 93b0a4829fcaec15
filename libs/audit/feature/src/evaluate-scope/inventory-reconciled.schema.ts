import type { PayloadSchema } from '@strata/platform-messaging';
import { z } from 'zod';

const relayedInventoryReconciled = z.object({
  type: z.literal('job.InventoryReconciled'),
  tenant_id: z.string().min(1),
  data: z.object({ jobId: z.string().min(1) }),
});

/** The part of a relayed `InventoryReconciled` envelope (its data has no tenant) the audit reads. */
export type RelayedInventoryReconciled = z.infer<typeof relayedInventoryReconciled>;

export const relayedInventoryReconciledSchema: PayloadSchema<RelayedInventoryReconciled> = relayedInventoryReconciled;
