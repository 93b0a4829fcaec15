import { MessagingConfigError } from '../errors';
import { MessagingNamespace } from './messaging-namespace';

describe('MessagingNamespace', () => {
  it('leaves names exactly as the contracts define them when empty', () => {
    const none = MessagingNamespace.of('');
    expect(none.subject('events.acme.job.JobStarted')).toBe('events.acme.job.JobStarted');
    expect(none.localSubject('logs.acme.job-1')).toBe('logs.acme.job-1');
    expect(none.streamName('events')).toBe('EVENTS');
    expect(none.streamSubjects('batches')).toEqual(['discovery.batches.>']);
  });

  it('prefixes subjects with "<ns>." and streams with "<ns>_"', () => {
    const ns = MessagingNamespace.of('ci-42');
    expect(ns.subject('work.discovery.aws')).toBe('ci-42.work.discovery.aws');
    expect(ns.streamName('work')).toBe('ci-42_WORK');
    expect(ns.streamSubjects('events')).toEqual(['ci-42.events.>']);
    expect(ns.localSubject('ci-42.events.acme.job.JobStarted')).toBe('events.acme.job.JobStarted');
  });

  it('refuses a subject from outside the namespace instead of mangling it', () => {
    expect(() => MessagingNamespace.of('a').localSubject('b.events.x')).toThrow(MessagingConfigError);
  });

  it.each(['a.b', 'a_b', 'a b', '*', '>', 'ns/1'])('rejects %j, which would break subject or stream names', (bad) => {
    expect(() => MessagingNamespace.of(bad)).toThrow(MessagingConfigError);
  });
});
