import { assertExpectedRevision, resultOfRetry, type StoredIdLocation } from './append-rules';
import { EventIdConflictError, StreamRevisionConflictError } from './errors';

describe('assertExpectedRevision', () => {
  it.each([
    ['any', 'no_stream'],
    ['any', 3],
    ['no_stream', 'no_stream'],
    [3, 3],
  ] as const)('accepts expected %j at %j', (expected, actual) => {
    expect(() => assertExpectedRevision('s', expected, actual)).not.toThrow();
  });

  it.each([
    ['no_stream', 0],
    [0, 'no_stream'],
    [2, 3],
    [4, 3],
  ] as const)('refuses expected %j at %j', (expected, actual) => {
    expect(() => assertExpectedRevision('s', expected, actual)).toThrow(StreamRevisionConflictError);
  });
});

describe('resultOfRetry', () => {
  const at = (eventId: string, revision: number, streamName = 's'): StoredIdLocation => ({
    eventId,
    streamName,
    revision,
    position: `p${revision}`,
  });

  it('answers a run of consecutive stored events, given in any order, with its last one', () => {
    expect(resultOfRetry('s', ['a', 'b', 'c'], [at('c', 7), at('a', 5), at('b', 6)])).toEqual({
      nextExpectedRevision: 7,
      position: 'p7',
    });
  });

  it.each([
    ['a missing id', ['a', 'b', 'x'], [at('a', 5), at('b', 6)]],
    ['a gap', ['a', 'b'], [at('a', 5), at('b', 7)]],
    ['another order', ['b', 'a'], [at('a', 5), at('b', 6)]],
    ['a new first id', ['x', 'a'], [at('a', 5)]],
  ])('calls %s a conflict', (_case, ids, stored) => {
    expect(() => resultOfRetry('s', ids, stored)).toThrow(
      expect.objectContaining({ reason: 'does_not_match_stored_events' }) as unknown as Error,
    );
  });

  it('names the ids stored in another stream', () => {
    const attempt = () => resultOfRetry('s', ['a', 'b'], [at('a', 0), at('b', 0, 'other')]);
    expect(attempt).toThrow(EventIdConflictError);
    expect(attempt).toThrow(expect.objectContaining({ reason: 'used_in_another_stream', eventIds: ['b'] }) as unknown as Error);
  });
});
