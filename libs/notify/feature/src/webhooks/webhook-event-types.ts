import { JOB_CATEGORY, SETTINGS_CATEGORY, SETTINGS_CHANGED, type JobEventType } from '@strata/contracts';

// Every job event is relayed on events.<tenant>.job.<Type>; the list is checked against the
// JobEvent union below, so a new job event that is not added here fails to compile.
const JOB_EVENT_TYPES = [
  'JobRequested',
  'JobStarted',
  'JobStillQueued',
  'PluginRunStarted',
  'PluginRunProgressed',
  'PluginRunCompleted',
  'PluginRunFailed',
  'DiscoveryFinished',
  'InventoryProgressed',
  'InventoryReconciled',
  'AuditProgressed',
  'AuditCompleted',
  'JobCompleted',
  'JobFailed',
  'JobCancelled',
  'PartialStatsRecorded',
] as const satisfies readonly JobEventType[];
type MissingJobEvent = Exclude<JobEventType, (typeof JOB_EVENT_TYPES)[number]>;
const _everyJobEvent: [MissingJobEvent] extends [never] ? true : never = true;

/** What the audit engine publishes on events.<tenant>.finding.<Type>. */
const FINDING_EVENT_TYPES = ['FindingOpened', 'FindingResolved', 'FindingMuted', 'FindingUnmuted', 'AuditCompleted'] as const;

/**
 * The event types a webhook can subscribe to, `<category>.<Type>` as published on
 * `events.<tenant>.<category>.<Type>`. `webhook.test`, which only the test delivery sends, is not one.
 */
export const WEBHOOK_EVENT_TYPES: readonly string[] = Object.freeze([
  ...JOB_EVENT_TYPES.map((type) => `${JOB_CATEGORY}.${type}`),
  ...FINDING_EVENT_TYPES.map((type) => `finding.${type}`),
  `${SETTINGS_CATEGORY}.${SETTINGS_CHANGED}`,
  // The notifier's own: a webhook disabled after failing for 24 h (another webhook may want to know).
  'webhook.WebhookDisabled',
]);

/** The event the test delivery sends (`POST webhooks/{id}/test`); not subscribable. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

const SEGMENT = /^(\*|[A-Za-z][A-Za-z0-9_]*)$/;

/** Whether `eventType` (`finding.FindingOpened`) is selected by `pattern` (`*`, `finding.*`, `*.*`, `*.AuditCompleted`, or the type itself). */
export function eventMatches(pattern: string, eventType: string): boolean {
  if (pattern === '*') return true;
  const wanted = pattern.split('.');
  const actual = eventType.split('.');
  return wanted.length === actual.length && wanted.every((segment, index) => segment === '*' || segment === actual[index]);
}

/** Why `pattern` is not a subscription to known events, or undefined when it is. */
export function eventPatternProblem(pattern: string): string | undefined {
  if (pattern === '*') return undefined;
  const segments = pattern.split('.');
  if (segments.length !== 2 || !segments.every((segment) => SEGMENT.test(segment))) {
    return `"${pattern}" is not an event type: write <category>.<Type>, with "*" for a whole segment (finding.*, *.*) or "*" for all`;
  }
  if (!WEBHOOK_EVENT_TYPES.some((type) => eventMatches(pattern, type))) {
    return `"${pattern}" matches no known event type; known: ${WEBHOOK_EVENT_TYPES.join(', ')}`;
  }
  return undefined;
}
