import { EVENT_TYPES } from '@strata/contracts';

/**
 * The event types a webhook can subscribe to: every type of the event catalog (`<category>.<Type>`
 * as published on `events.<tenant>.<category>.<Type>`). `webhook.test`, which only the test delivery sends, is not one.
 */
export const WEBHOOK_EVENT_TYPES: readonly string[] = EVENT_TYPES;

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
