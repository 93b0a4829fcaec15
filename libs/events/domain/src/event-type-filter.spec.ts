import { EVENT_TYPES } from '@strata/contracts';
import fc from 'fast-check';
import { eventTypeMatches, InvalidEventTypeFilterError, parseEventTypeFilter } from './event-type-filter';

const KNOWN = ['job.JobCompleted', 'job.JobFailed', 'finding.FindingOpened', 'finding.AuditCompleted', 'job.AuditCompleted', 'settings.SettingsChanged'];

describe('event type filter', () => {
  it('selects everything without a filter or with *, *.*', () => {
    expect(parseEventTypeFilter(undefined, KNOWN)).toEqual({ kind: 'all' });
    expect(parseEventTypeFilter('*', KNOWN)).toEqual({ kind: 'all' });
    expect(parseEventTypeFilter('job.JobFailed,*.*', KNOWN)).toEqual({ kind: 'all' });
  });

  it.each([
    ['job.JobFailed', ['job.JobFailed']],
    ['finding.*', ['finding.FindingOpened', 'finding.AuditCompleted']],
    ['*.AuditCompleted', ['finding.AuditCompleted', 'job.AuditCompleted']],
    ['job.JobFailed, settings.SettingsChanged,job.JobFailed', ['job.JobFailed', 'settings.SettingsChanged']],
  ])('%s selects %j', (raw, types) => {
    expect(parseEventTypeFilter(raw, KNOWN)).toEqual({ kind: 'types', types: KNOWN.filter((type) => types.includes(type)) });
  });

  it('refuses malformed patterns and patterns that match no known type, naming each', () => {
    const problems = (raw: string) => {
      try {
        parseEventTypeFilter(raw, KNOWN);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidEventTypeFilterError);
        return (error as InvalidEventTypeFilterError).problems;
      }
      throw new Error(`${raw} was accepted`);
    };
    for (const raw of ['', 'job', 'job.Job*', 'job.JobFailed.x', '**', 'job..x', 'job.JobFailed,']) expect(problems(raw).join()).toMatch(/is not an event type/);
    expect(problems('billing.*')).toEqual([expect.stringMatching(/"billing\.\*" matches no known event type/)]);
    expect(problems('job.Nope,finding.Nope')).toHaveLength(2);
    expect(problems(Array.from({ length: 51 }, () => 'job.JobFailed').join(','))).toEqual(['at most 50 patterns']);
  });

  it('selects exactly the catalogued types its patterns match (property)', () => {
    const segment = fc.constantFrom('*', 'job', 'finding', 'schedule', 'JobFailed', 'FindingOpened', 'AuditCompleted', 'ScheduleFired');
    const pattern = fc.tuple(segment, segment).map(([a, b]) => `${a}.${b}`);
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 4 }), (patterns) => {
        const expected = EVENT_TYPES.filter((type) => patterns.some((p) => eventTypeMatches(p, type)));
        let filter;
        try {
          filter = parseEventTypeFilter(patterns.join(','));
        } catch {
          // Refused only when some pattern matches nothing.
          return patterns.some((p) => !EVENT_TYPES.some((type) => eventTypeMatches(p, type)));
        }
        const selected = filter.kind === 'all' ? EVENT_TYPES : filter.types;
        return JSON.stringify(selected) === JSON.stringify(expected);
      }),
    );
  });
});
