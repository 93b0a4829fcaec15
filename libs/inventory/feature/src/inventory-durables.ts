/** Durable consumer names: every inventory replica shares them and so splits the messages. */
export const INVENTORY_DURABLES = {
  ingest: 'inventory',
  reconcile: 'inventory-reconcile',
  // One per event type: nats-server 2.9 takes one filter subject per consumer.
  jobCancelled: 'inventory-job-cancelled',
  jobFailed: 'inventory-job-failed',
} as const;
