/**
 * One plugin run to do, on `work.discovery.<plugin>` (WORK stream, work-queue retention,
 * Nats-Msg-Id `<jobId>:<plugin>`). A redelivered item is the same run redone as a new attempt.
 */
export interface DiscoveryWorkItem {
  tenantId: string;
  jobId: string;
  plugin: string;
  credentialId: string;
  /** This plugin's configuration (the per-plugin part of a multi-plugin job's config). */
  config: Readonly<Record<string, unknown>>;
}

/**
 * The durable consumer (on the WORK stream) that shares a plugin's work items among its workers;
 * the orchestrator reads its backlog to tell why a job waits.
 */
export const discoveryDurableName = (pluginId: string): string => `discovery-${pluginId}`;

export const workItemMsgId = (item: Pick<DiscoveryWorkItem, 'jobId' | 'plugin'>): string => `${item.jobId}:${item.plugin}`;

export const batchMsgId = (batch: { jobId: string; plugin: string; attempt: number; sequence: number }): string =>
  `${batch.jobId}:${batch.plugin}:${batch.attempt}:${batch.sequence}`;

/** `<jobId>:<plugin>:<attempt>`: one attempt at one plugin run, as inventory records its batches. */
export const pluginRunKey = (jobId: string, plugin: string, attempt: number): string => `${jobId}:${plugin}:${attempt}`;
