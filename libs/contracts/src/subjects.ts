/**
 * The subject and stream names every service agrees on, before any installation namespace
 * (`STRATA_NS`) is applied. The messaging platform prefixes them; nothing else should.
 */
export const STREAMS = {
  /** Domain events relayed from the event store: `events.<tenant>.<category>.<type>`. */
  events: { name: 'EVENTS', subjects: ['events.>'] },
  /** Work items for discovery workers: `work.discovery.<plugin>` (work-queue retention). */
  work: { name: 'WORK', subjects: ['work.>'] },
  /** Resource batches from plugin runs: `discovery.batches.<tenant>.<job>` (work-queue retention: gone once stored). */
  batches: { name: 'BATCHES', subjects: ['discovery.batches.>'] },
  /** Job log lines: `logs.<tenant>.<job>`. */
  logs: { name: 'LOGS', subjects: ['logs.>'] },
} as const;

export type StreamKey = keyof typeof STREAMS;

/** NATS subject tokens may not contain these; ids used as tokens are checked against it. */
const INVALID_TOKEN = /[\s.*>]/;

export function assertSubjectToken(value: string, what: string): string {
  if (value.length === 0 || INVALID_TOKEN.test(value)) {
    throw new Error(`${what} "${value}" cannot be used as a subject token`);
  }
  return value;
}

export const subjects = {
  event: (tenant: string, category: string, type: string) =>
    `events.${assertSubjectToken(tenant, 'tenant')}.${assertSubjectToken(category, 'category')}.${assertSubjectToken(type, 'event type')}`,
  discoveryWork: (plugin: string) => `work.discovery.${assertSubjectToken(plugin, 'plugin')}`,
  /** Reports to the job orchestrator (see JobReport). */
  jobReports: (tenant: string) => `work.jobs.reports.${assertSubjectToken(tenant, 'tenant')}`,
  /** Request/reply commands the gateway sends the orchestrator (core NATS, queue group). */
  jobCommand: (command: 'create' | 'cancel') => `rpc.jobs.${command}`,
  batches: (tenant: string, job: string) =>
    `discovery.batches.${assertSubjectToken(tenant, 'tenant')}.${assertSubjectToken(job, 'job')}`,
  logs: (tenant: string, job: string) => `logs.${assertSubjectToken(tenant, 'tenant')}.${assertSubjectToken(job, 'job')}`,
  /** Reports to generate (`@strata/reports-feature`; work-queue, one durable shared by the generators). */
  reportWork: (tenant: string) => `work.reports.${assertSubjectToken(tenant, 'tenant')}`,
} as const;
