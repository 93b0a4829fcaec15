import { eventMatches, eventPatternProblem, WEBHOOK_EVENT_TYPES } from './webhook-event-types';

describe('webhook event types', () => {
  it('lists the relayed job, finding and settings events as <category>.<Type>', () => {
    expect(WEBHOOK_EVENT_TYPES).toEqual(expect.arrayContaining(['job.JobCompleted', 'job.JobFailed', 'job.JobCancelled', 'finding.FindingOpened', 'finding.FindingResolved', 'finding.FindingMuted', 'finding.FindingUnmuted', 'finding.AuditCompleted', 'settings.SettingsChanged', 'webhook.WebhookDisabled', 'inventory.ScopeChanged']));
    expect(new Set(WEBHOOK_EVENT_TYPES).size).toBe(WEBHOOK_EVENT_TYPES.length);
  });

  it.each([
    ['*', 'job.JobFailed', true],
    ['*.*', 'settings.SettingsChanged', true],
    ['finding.*', 'finding.FindingMuted', true],
    ['finding.*', 'job.JobFailed', false],
    ['*.AuditCompleted', 'job.AuditCompleted', true],
    ['*.AuditCompleted', 'finding.AuditCompleted', true],
    ['job.JobFailed', 'job.JobFailed', true],
    ['job.JobFailed', 'job.JobFailedAgain', false],
    ['job', 'job.JobFailed', false],
  ])('%s selects %s: %s', (pattern, type, expected) => {
    expect(eventMatches(pattern, type)).toBe(expected);
  });

  it('accepts known types and whole-segment wildcards', () => {
    for (const pattern of ['*', '*.*', 'finding.*', 'job.*', 'settings.SettingsChanged', '*.JobCompleted', ...WEBHOOK_EVENT_TYPES]) expect(eventPatternProblem(pattern)).toBeUndefined();
  });

  it('refuses unknown types, naming the known ones, and malformed patterns', () => {
    expect(eventPatternProblem('finding.FindingExploded')).toMatch(/matches no known event type; known: .*finding\.FindingOpened/);
    expect(eventPatternProblem('billing.*')).toMatch(/matches no known event type/);
    expect(eventPatternProblem('webhook.test')).toMatch(/matches no known event type/);
    for (const pattern of ['', 'job', 'job.Job*', 'job.JobFailed.x', '**', 'job..x', ' job.JobFailed']) expect(eventPatternProblem(pattern)).toMatch(/is not an event type/);
  });
});
