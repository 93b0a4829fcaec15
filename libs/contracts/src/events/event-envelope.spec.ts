import { envelopeMatchesSubject, eventEnvelope } from './event-envelope';

describe('envelopeMatchesSubject', () => {
  const envelope = eventEnvelope({ id: 'e-1', category: 'job', name: 'JobCompleted', tenantId: 'acme', time: '2026-12-05T10:00:00.000Z', data: {} });

  it('accepts the subject the envelope names', () => {
    expect(envelopeMatchesSubject('events.acme.job.JobCompleted', envelope)).toBe(true);
  });

  it.each([
    ['another tenant', 'events.globex.job.JobCompleted'],
    ['another type', 'events.acme.job.JobFailed'],
    ['another category', 'events.acme.finding.JobCompleted'],
    ['a longer subject', 'events.acme.job.JobCompleted.x'],
    ['another root', 'work.acme.job.JobCompleted'],
  ])('refuses %s', (_what, subject) => {
    expect(envelopeMatchesSubject(subject, envelope)).toBe(false);
  });
});
